import { escapeHtml } from '../core/html-escape';
/**
 * Placeholders in compiled email HTML, filled per message without calling MJML again.
 *
 *   {{name}}                            the value, HTML-escaped (safe in text and in quoted attributes)
 *   {{{name}}}                          the value as is: only for fragments built by email-html.ts,
 *                                       which escapes every value it puts in them
 *   <!--{{#if name}}--> ... <!--{{/if name}}-->
 *                                       keeps the block when the value is a non-empty string
 *
 * The if-markers are HTML comments so MJML passes them through untouched (keepComments).
 */

export type TemplateValues = Readonly<Record<string, string | undefined>>;

type Node = { type: 'text'; text: string } | { type: 'value'; name: string; raw: boolean } | { type: 'if'; name: string; children: Node[] };

export interface CompiledTemplate {
  /** Every name the template refers to. */
  readonly names: ReadonlySet<string>;
  render(values: TemplateValues): string;
}

const TOKEN = /<!--\{\{#if ([\w]+)\}\}-->|<!--\{\{\/if ([\w]+)\}\}-->|\{\{\{([\w]+)\}\}\}|\{\{([\w]+)\}\}/g;

export function parseTemplate(source: string): CompiledTemplate {
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [{ name: '', children: root }];
  const names = new Set<string>();
  let last = 0;
  for (const m of source.matchAll(TOKEN)) {
    const top = stack.at(-1)!;
    if (m.index > last) top.children.push({ type: 'text', text: source.slice(last, m.index) });
    last = m.index + m[0].length;
    const [, open, close, raw, escaped] = m;
    if (open) {
      const node: Node = { type: 'if', name: open, children: [] };
      top.children.push(node);
      stack.push(node);
      names.add(open);
    } else if (close) {
      if (stack.length === 1 || top.name !== close) throw new Error(`template: unexpected end of "${close}"`);
      stack.pop();
    } else {
      const name = (raw ?? escaped)!;
      top.children.push({ type: 'value', name, raw: raw !== undefined });
      names.add(name);
    }
  }
  if (stack.length > 1) throw new Error(`template: "${stack.at(-1)!.name}" is never closed`);
  if (last < source.length) root.push({ type: 'text', text: source.slice(last) });

  const renderNodes = (nodes: Node[], values: TemplateValues, out: string[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') out.push(node.text);
      else if (node.type === 'if') {
        if (values[node.name]) renderNodes(node.children, values, out);
      } else {
        const value = values[node.name];
        // A missing value is a bug in the caller; never send an email with a hole in it.
        if (value === undefined) throw new Error(`template: no value for "${node.name}"`);
        out.push(node.raw ? value : escapeHtml(value));
      }
    }
  };

  return {
    names,
    render(values) {
      const out: string[] = [];
      renderNodes(root, values, out);
      return out.join('');
    },
  };
}
