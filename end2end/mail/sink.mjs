// A real SMTP server on loopback for the test suites (Playwright and the
// Rust integration tests): `smtp-server` accepts every mail, `mailparser`
// reads it, and each one is written as JSON into DIR, one file per mail.
//
//   node mail/sink.mjs PORT DIR     (PORT 0 picks a free port)
//
// Prints "listening PORT" once it accepts connections.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

const [port = "0", dir = ".data/mail"] = process.argv.slice(2);
mkdirSync(dir, { recursive: true });
let received = 0;

const server = new SMTPServer({
  // Plain SMTP on loopback: keycard sends without TLS only to loopback relays.
  disabledCommands: ["STARTTLS"],
  authOptional: true,
  onAuth(auth, _session, callback) {
    callback(null, { user: auth.username });
  },
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        received += 1;
        const record = {
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          from: mail.from?.text ?? "",
          to: mail.to?.text ?? "",
          subject: mail.subject ?? "",
          messageId: mail.messageId ?? "",
          text: mail.text ?? "",
          html: typeof mail.html === "string" ? mail.html : "",
          receivedAt: Date.now(),
        };
        const name = `${Date.now()}-${process.pid}-${received}.json`;
        // Written whole, then renamed: a reader never sees half a mail.
        writeFileSync(join(dir, `.${name}`), JSON.stringify(record));
        renameSync(join(dir, `.${name}`), join(dir, name));
        callback();
      })
      .catch((err) => callback(err));
  },
});

server.on("error", (err) => console.error("smtp sink:", err.message));
server.listen(Number(port), "127.0.0.1", () => {
  console.log(`listening ${server.server.address().port}`);
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
