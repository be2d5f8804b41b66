// A real SMTP listener for tests: accepts (optionally authenticated) mail, refuses recipients starting with
// "reject", and keeps every message parsed, with its envelope.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelope: string[];
  mail: ParsedMail;
  user?: string;
}

export interface SmtpListener {
  port: number;
  url: string;
  received: ReceivedMail[];
  waitFor(match: (m: ReceivedMail) => boolean, what: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

// On `port` when given (a mail server coming back where it was), else on a free one.
export async function startSmtpListener(password = 'smtp-secret', port = 0): Promise<SmtpListener> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    allowInsecureAuth: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onAuth: (auth, _session, callback) =>
      auth.password === password ? callback(null, { user: auth.username }) : callback(new Error('bad credentials')),
    onRcptTo: (address, _session, callback) =>
      address.address.startsWith('reject') ? callback(new Error('550 no such user')) : callback(),
    onData: (stream, session, callback) => {
      simpleParser(stream).then((mail) => {
        received.push({
          envelope: session.envelope.rcptTo.map((r) => r.address),
          mail,
          user: session.user as string | undefined,
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.server.address() as { port: number }).port;
  return {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    received,
    async waitFor(match, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = received.find(match);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`timed out waiting for mail: ${what}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
