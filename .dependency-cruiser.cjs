// The architecture's arrows, checked: domain imports nothing of ours outside domain; store and
// services never import the HTTP layer; the demo generator sits above services and below the CLI;
// nothing imports the CLI.
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds pure logic: it may import only other domain modules and libraries.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'domain-has-no-io',
      comment: 'No database, network or file system in the domain.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '(^|/)node_modules/(pg|@electric-sql|fastify|pino|argon2)/|^(fs|net|http|https|child_process)$',
        dependencyTypes: ['npm', 'core'],
      },
    },
    {
      name: 'store-below-services',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(services|http|jobs|cli)/' },
    },
    {
      name: 'services-know-no-http',
      severity: 'error',
      from: { path: '^src/(services|jobs)/' },
      to: { path: '^src/(http|cli)/' },
    },
    {
      name: 'demo-uses-services',
      comment:
        'src/demo generates the demo workspace through the services and jobs (as the product does); it knows no HTTP or CLI.',
      severity: 'error',
      from: { path: '^src/demo/' },
      to: { path: '^src/(http|cli)/' },
    },
    {
      name: 'only-cli-imports-demo',
      comment:
        'The demo generator is used by the CLI (and by bench/, outside src); nothing else in src depends on it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(cli|demo)/' },
      to: { path: '^src/demo/' },
    },
    {
      name: 'product-never-imports-bench',
      comment: 'bench/ measures the product; the product (the demo generator included) never depends on it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^bench/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
