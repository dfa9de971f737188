// Every line a node prints starts with its id ("n3 ..."); a multi-line text (a stack) is folded
// into one line so that the controller's per-line capture keeps each message whole.
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

function oneLine(text: string): string {
  return text.replace(/\r?\n\s*/g, ' | ');
}

export function createLogger(prefix: string): Logger {
  const write = (stream: NodeJS.WriteStream, level: string, message: string): void => {
    stream.write(`${prefix} ${level}${oneLine(message)}\n`);
  };
  return {
    info: (message) => write(process.stdout, '', message),
    warn: (message) => write(process.stderr, 'WARN ', message),
    error: (message) => write(process.stderr, 'ERROR ', message),
  };
}

/** The text of an error with its stack, on one line. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return oneLine(error.stack ?? `${error.name}: ${error.message}`);
  return String(error);
}
