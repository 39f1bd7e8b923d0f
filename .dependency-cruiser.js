// Boundaries between the bounded contexts. A context reaches another only through that context's
// public index (its Nest module, facade and events); the application may also read each context's
// migration list. The allowed directions form a chain so that no two contexts depend on each other.
const CONTEXTS = ['kernel', 'identity', 'organisations', 'processors', 'cards', 'verification', 'logo'];

/** Contexts each context may import, besides the kernel. */
const ALLOWED = {
  kernel: [],
  identity: [],
  organisations: ['identity'],
  processors: ['organisations', 'identity'],
  cards: ['organisations', 'processors', 'logo'],
  verification: ['cards', 'organisations'],
  logo: [],
};

const contextRules = CONTEXTS.map((context) => {
  const permitted = ['kernel', context, ...ALLOWED[context]].filter((value, index, all) => all.indexOf(value) === index);
  const forbidden = CONTEXTS.filter((candidate) => !permitted.includes(candidate));

  return {
    name: `${context}-depends-only-on-allowed-contexts`,
    comment: `${context} may import only ${permitted.join(', ')}`,
    severity: 'error',
    from: { path: `^libs/${context}/` },
    to: { path: `^libs/(${forbidden.join('|') || 'none'})/` },
  };
}).filter((rule) => !rule.to.path.endsWith('(none)/'));

module.exports = {
  forbidden: [
    {
      name: 'no-deep-imports-between-contexts',
      comment: 'Another context is reached only through its src/index.ts',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/([^/]+)/src/.+', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'application-uses-public-entry-points',
      comment: 'The application imports a context through its index, or its migration list',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/migrations/index\\.ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(libs|apps)/' },
      to: { circular: true },
    },
    ...contextRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.spec\\.ts$|^test/|^bench/|^dist/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
