// A node:test reporter that prints nothing while tests run and, at the end, the failed tests:
// their file, their name within its suites, and the first lines of their error. CI shows the
// tail of a long log; the failures belong there, not a thousand lines up.
const MAX_ERROR_LINES = 12;

export default async function* failures(source) {
  const failed = [];
  const suites = [];
  for await (const event of source) {
    // The run's totals ("tests N", …) come last; with --test-force-exit the process may end
    // right after them, before this generator would see the end of the stream.
    if (event.type === 'test:diagnostic' && /^tests \d+$/.test(event.data.message)) {
      if (failed.length > 0) yield summary(failed);
      failed.length = 0;
      continue;
    }
    if (event.type === 'test:start') suites[event.data.nesting] = event.data.name;
    if (event.type !== 'test:fail') continue;
    const { name, nesting, file, details } = event.data;
    const error = details?.error;
    // A suite fails when a test in it does; the test itself is already listed.
    if (error?.failureType === 'subtestsFailed') continue;
    const path = [...suites.slice(0, nesting), name].join(' › ');
    failed.push({ file, path, error });
  }
  if (failed.length > 0) yield summary(failed);
}

function summary(failed) {
  let out = `# ${failed.length} failed:\n`;
  for (const { file, path, error } of failed) {
    out += `#   ${file ?? '(no file)'}\n#     ${path}\n`;
    const text = String(error?.cause?.stack ?? error?.cause ?? error?.message ?? error ?? '');
    for (const line of text.split('\n').slice(0, MAX_ERROR_LINES)) out += `#       ${line}\n`;
  }
  return out;
}
