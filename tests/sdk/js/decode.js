// Decode Kafka records with the official CloudEvents JavaScript SDK (npm `cloudevents`).
// stdin: JSON array of {key, value, headers: {name: value}} (strings, as a Kafka client gives them)
// stdout: JSON array of {ok: true, event} or {ok: false, error}
"use strict";
const { Kafka } = require("cloudevents");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const out = JSON.parse(input).map((record) => {
    try {
      const event = Kafka.toEvent({ key: record.key, value: record.value, headers: record.headers });
      event.validate(); // spec conformance (attribute names, required attributes)
      return { ok: true, event: event.toJSON() };
    } catch (err) {
      return { ok: false, error: String(err && err.message ? err.message : err) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
