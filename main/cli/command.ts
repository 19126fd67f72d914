export interface CommandResult {
  output: string;
  exitCode: number;
}
