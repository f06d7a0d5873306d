// @mentions in comments. The server stores `@[显示名](user:<id>)` tokens: the id says who
// is meant, the name is only shown. The editor shows plain "@Name" text and keeps the
// people picked, so a mention is turned into a token only for someone actually chosen.

const TOKEN = /@\[([^\]\n]{1,200})\]\(user:([^)\s]{1,64})\)/g;

export type CommentPart = { text: string } | { name: string; userId: string };

/** A stored comment as text and mention parts, for display. */
export function splitMentions(body: string): CommentPart[] {
  const parts: CommentPart[] = [];
  let at = 0;
  for (const m of body.matchAll(TOKEN)) {
    if (m.index! > at) parts.push({ text: body.slice(at, m.index) });
    parts.push({ name: m[1], userId: m[2] });
    at = m.index! + m[0].length;
  }
  if (at < body.length) parts.push({ text: body.slice(at) });
  return parts;
}

/** Stored comment → what the editor shows ("@Name"), and who those names are. */
export function decodeMentions(body: string): { text: string; people: Map<string, string> } {
  const people = new Map<string, string>();
  const text = body.replace(TOKEN, (_, name: string, id: string) => {
    people.set(name, id);
    return `@${name}`;
  });
  return { text, people };
}

/** Editor text → stored comment: each "@Name" of a person picked becomes a token
 * (longest names first, so "@王芳芳" is never read as "@王芳"). */
export function encodeMentions(text: string, people: Map<string, string>): string {
  const names = [...people.keys()].filter((n) => n && !n.includes("]")).sort((a, b) => b.length - a.length);
  if (!names.length) return text;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`@(${names.map(escape).join("|")})`, "g");
  return text.replace(pattern, (_, name: string) => `@[${name}](user:${people.get(name)})`);
}
