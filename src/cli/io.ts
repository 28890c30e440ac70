// What a command may touch of the process: its output streams and a way to set the exit code.
export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Sets the process exit code (0 ok, 1 failed/regressed, 2 usage or could not run). */
  setExitCode(code: number): void;
}
