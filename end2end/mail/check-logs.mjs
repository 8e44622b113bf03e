// After the end-to-end run: no token of a link in any mail the suite
// received may appear in the server's log (the run's output, LOG).
//
//   node mail/check-logs.mjs MAIL_DIR LOG
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [dir, logPath] = process.argv.slice(2);
if (!existsSync(dir)) {
  console.error(`check-logs: ${dir} does not exist; did the suite run?`);
  process.exit(1);
}
const log = readFileSync(logPath, "utf8");
const tokens = new Set();
for (const name of readdirSync(dir).filter((n) => n.endsWith(".json") && !n.startsWith("."))) {
  const mail = JSON.parse(readFileSync(join(dir, name), "utf8"));
  for (const match of `${mail.text}\n${mail.html}`.matchAll(/token=([A-Za-z0-9_-]{20,})/g)) tokens.add(match[1]);
}
if (tokens.size === 0) {
  console.error("check-logs: the mails of the run hold no link tokens; nothing was checked");
  process.exit(1);
}
const leaked = [...tokens].filter((t) => log.includes(t));
if (leaked.length > 0) {
  console.error(`check-logs: ${leaked.length} of ${tokens.size} link tokens appear in ${logPath}`);
  process.exit(1);
}
console.log(`check-logs: none of the ${tokens.size} link tokens of the run's mails appears in the server log`);
