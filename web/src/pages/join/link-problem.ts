// The public pages' words for a link the server refused; their calls are api.ts's `links`.

/** What to say about a link the server refused: expired, used, revoked or unknown. */
export function linkProblem(code: string): { title: string; detail: string } {
  switch (code) {
    case 'link_expired':
      return { title: 'This link has expired', detail: 'Ask for a new one.' };
    case 'link_used':
      return { title: 'This link was already used', detail: 'Sign in, or ask for a new link.' };
    case 'link_revoked':
      return { title: 'This link was revoked', detail: 'Ask for a new one.' };
    default:
      return { title: 'This link is not valid', detail: 'Check that it was copied whole.' };
  }
}
