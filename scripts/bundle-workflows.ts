import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

/**
 * `npm run build`, second step: bundles workflows/ once, so the production worker starts from
 * the bundle (WORKFLOW_BUNDLE_PATH) instead of running webpack over the sources at every start.
 */
async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'dist/app/workflow-bundle.js');
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: {
      trace() {},
      debug() {},
      info() {},
      warn: console.warn,
      error: console.error,
      log() {},
    },
  });
  await writeFile(out, code);
  console.log(`workflow bundle: ${out} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
