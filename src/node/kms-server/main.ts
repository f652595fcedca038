// npm run kms-server -- [--port 4599] [--host 127.0.0.1] [--scenario FILE] [--state DIR]
//
// Starts the KMS endpoint (docs/kms-endpoint.md) and prints, once ready:
//   kms-server listening on http://127.0.0.1:4599
import { startKmsServer, type KmsServerOptions } from './server';

const USAGE = `usage: npm run kms-server -- [--port 4599] [--host 127.0.0.1] [--scenario FILE] [--state DIR]

  --port N         port to listen on (default 4599; 0 = any free port)
  --host ADDR      address to listen on (default 127.0.0.1)
  --scenario FILE  load a kms-scenario/1 world (default: one account, 111122223333, every caller its root user)
  --state DIR      keep the world in DIR across restarts (atomic writes; key material sealed under DIR/master.key)`;

export function parseArgs(argv: string[]): KmsServerOptions | { help: true } | { error: string } {
  const options: KmsServerOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    switch (name) {
      case '--port': {
        const v = takeValue();
        const port = Number(v);
        if (v === undefined || !Number.isInteger(port) || port < 0 || port > 65535) return { error: `--port needs a port number (0-65535), not ${String(v)}` };
        options.port = port;
        break;
      }
      case '--host': {
        const v = takeValue();
        if (!v) return { error: '--host needs an address' };
        options.host = v;
        break;
      }
      case '--scenario': {
        const v = takeValue();
        if (!v) return { error: '--scenario needs a file' };
        options.scenarioFile = v;
        break;
      }
      case '--state': {
        const v = takeValue();
        if (!v) return { error: '--state needs a directory' };
        options.stateDir = v;
        break;
      }
      default:
        return { error: `unknown option ${arg}` };
    }
  }
  return options;
}

async function main() {
  const parsed = parseArgs(process.argv.slice(2));
  if ('help' in parsed) {
    console.log(USAGE);
    return;
  }
  if ('error' in parsed) {
    console.error(`kms-server: ${parsed.error}\n\n${USAGE}`);
    process.exit(2);
  }
  let running;
  try {
    running = await startKmsServer(parsed);
  } catch (e) {
    console.error(`kms-server: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  console.log(`kms-server listening on ${running.url}`);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
