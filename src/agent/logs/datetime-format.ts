/**
 * awslogs-datetime-format → the regex that starts an event, as Docker's awslogs driver builds it
 * (daemon/logger/awslogs: strftime directives replaced by patterns, anchored at the line start).
 * Pure.
 */
const DIRECTIVES: Record<string, string> = {
  a: "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)",
  A: "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)",
  b: "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",
  B: "(?:January|February|March|April|May|June|July|August|September|October|November|December)",
  d: "(?:0[1-9]|[1,2][0-9]|3[0,1])",
  H: "(?:[0,1][0-9]|2[0-3])",
  I: "(?:0[0-9]|1[0-2])",
  j: "(?:0[0-9][1-9]|[1,2][0-9][0-9]|3[0-5][0-9]|36[0-6])",
  L: "\\.[0-9]{3}",
  m: "(?:0[1-9]|1[0-2])",
  M: "[0-5][0-9]",
  p: "[A,P]M",
  S: "[0-5][0-9]",
  U: "(?:[0-4][0-9]|5[0-3])",
  w: "[0-6]",
  W: "(?:[0-4][0-9]|5[0-3])",
  y: "[0-9]{2}",
  Y: "[0-9]{4}",
  z: "[+-][0-9]{4}",
  Z: "[A-Z]{1,4}T",
  f: "[0-9]{1,9}",
  "%": "%",
};

export function datetimeFormatPattern(format: string): RegExp {
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === "%" && i + 1 < format.length && DIRECTIVES[format[i + 1]!] !== undefined) {
      out += DIRECTIVES[format[++i]!];
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${out}`);
}
