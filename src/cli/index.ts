import { runCli } from './main';
import { STORE_COMMANDS } from './storeCommands';

/** Entry point of the `recovery-coach` command. */
runCli(
  process.argv.slice(2),
  { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  STORE_COMMANDS,
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`recovery-coach: ${(error as Error).stack}\n`);
    process.exitCode = 1;
  },
);
