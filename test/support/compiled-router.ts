import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transformFile } from '@swc/core';

const root = join(__dirname, '..', '..');
const buildRoot = join(root, 'dist-test');
const outDir = join(buildRoot, `router-${process.env.ESCR_TEST_RUN_ID ?? process.pid}`);
const lockDir = join(buildRoot, `.lock-${process.env.ESCR_TEST_RUN_ID ?? process.pid}`);
const doneMarker = join(outDir, '.complete');
const CONTEXTS = ['kernel', 'identity', 'organisations', 'processors', 'cards', 'verification', 'logo'];

export interface CompiledRouter {
  main: string;
  operator: string;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);

    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Transpiles the router with SWC, rewriting the @escr/* aliases, without type-checking. */
async function build(): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  const paths = Object.fromEntries(CONTEXTS.flatMap((context) => [
    [`@escr/${context}`, [`libs/${context}/src/index.ts`]],
    [`@escr/${context}/*`, [`libs/${context}/src/*`]],
  ]));
  const files = [...sourceFiles(join(root, 'apps', 'router', 'src')), ...CONTEXTS.flatMap((context) => sourceFiles(join(root, 'libs', context, 'src')))];

  await Promise.all(
    files.map(async (file) => {
      const output = await transformFile(file, {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
          baseUrl: root,
          paths,
        },
        module: { type: 'commonjs' },
        sourceMaps: false,
      });
      const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, output.code);
    }),
  );
  for (const context of CONTEXTS) {
    const assets = join(root, 'libs', context, 'assets');
    if (existsSync(assets)) cpSync(assets, join(outDir, 'libs', context, 'assets'), { recursive: true });
  }
  mkdirSync(doneMarker);
}

/**
 * Compiles the router once per test run into dist-test/, for tests that run it as a separate process
 * (the operator command line, crash and restart tests). Workers that ask at the same time wait for the
 * first one's build.
 */
export async function compiledRouter(): Promise<CompiledRouter> {
  const paths = {
    main: join(outDir, 'apps', 'router', 'src', 'main.js'),
    operator: join(outDir, 'apps', 'router', 'src', 'operator.js'),
  };
  mkdirSync(buildRoot, { recursive: true });

  for (;;) {
    if (existsSync(doneMarker)) return paths;

    try {
      mkdirSync(lockDir);
    } catch {
      if (Date.now() - statSync(lockDir).mtimeMs > 120_000) rmSync(lockDir, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    try {
      await build();

      return paths;
    } finally {
      rmSync(lockDir, { recursive: true, force: true });
    }
  }
}
