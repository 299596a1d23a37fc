/** Where the admin tasks print: progress lines to stdout, refusals to stderr. Scripts and tests may redirect it. */
export const taskOutput = {
  line: (text: string): void => {
    process.stdout.write(`${text}\n`);
  },
  refusal: (text: string): void => {
    process.stderr.write(`${text}\n`);
  },
};
