// npm run kms-server -- [--port 4599] [--host 127.0.0.1] [--scenario FILE] [--state DIR] [--allow-origin ORIGIN]…
//
// Starts the KMS endpoint (docs/kms-endpoint.md) and prints, once ready:
//   kms-server listening on http://127.0.0.1:4599
//   kms-server live events: http://127.0.0.1:4599/_lab/events (…)   ← with ?token=… when signature checks are on
import { startKmsServer, type KmsServerOptions } from './server';

const USAGE = `usage: npm run kms-server -- [--port 4599] [--host 127.0.0.1] [--scenario FILE] [--state DIR] [--allow-origin ORIGIN]…

  --port N         port to listen on (default 4599; 0 = any free port)
  --host ADDR      address to listen on (default 127.0.0.1)
  --scenario FILE  load a kms-scenario/1 world (default: one account, 111122223333, every caller its root user)
  --state DIR      keep the world in DIR across restarts (atomic writes; key material sealed under DIR/master.key)
  --allow-origin ORIGIN
                   a page origin that may read GET /_lab/events, the Live screen's stream (repeat for more;
                   default http://127.0.0.1:5173 and http://localhost:5173, the app under npm start)`;

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
      case '--allow-origin': {
        const v = takeValue();
        if (!v) return { error: '--allow-origin needs an origin, e.g. http://127.0.0.1:5173' };
        options.allowOrigins = [...(options.allowOrigins ?? []), v.replace(/\/+$/, '')];
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
  const origins = running.allowOrigins.join(', ');
  if (running.liveToken)
    console.log(`kms-server live events: ${running.url}/_lab/events?token=${running.liveToken} (signature checks are on: give this token to the app's Live screen; it is new at every start; pages from ${origins} may read the stream)`);
  else console.log(`kms-server live events: ${running.url}/_lab/events (the app's Live screen; pages from ${origins} may read it)`);
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
