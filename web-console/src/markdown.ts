import { html } from 'htm/preact';
import type { ComponentChildren, VNode } from 'preact';
import { Lexer, type Token, type Tokens } from 'marked';

/**
 * A model's answer as Markdown, made into elements from marked's tokens, never into HTML text:
 * nothing the model writes becomes markup (raw HTML is shown as text), links are links only to
 * http(s) and mailto addresses and open with no referrer, images are shown as their text, and a
 * code block has a copy button. Every string ends up as a text node.
 */
export function Markdown(props: { text: string; onCopy?: (code: string) => void }): VNode {
  const tokens = new Lexer({ gfm: true }).lex(props.text);
  return html`<div class="markdown">${blocks(tokens, props.onCopy)}</div>`;
}

const SAFE_LINK = /^(https?:|mailto:)/i;

function blocks(tokens: Token[], onCopy?: (code: string) => void): ComponentChildren[] {
  return tokens.map((t) => block(t, onCopy));
}

function block(t: Token, onCopy?: (code: string) => void): ComponentChildren {
  switch (t.type) {
    case 'heading': {
      const h = t as Tokens.Heading;
      const level = Math.min(6, Math.max(3, h.depth + 2)); // below the page's own headings
      return html`<${`h${level}`}>${inline(h.tokens)}</${`h${level}`}>`;
    }
    case 'paragraph':
      return html`<p>${inline((t as Tokens.Paragraph).tokens)}</p>`;
    case 'code': {
      const code = (t as Tokens.Code).text;
      const copy = () => (onCopy ?? copyToClipboard)(code);
      return html`<div class="code"><button type="button" class="copy" onClick=${copy}>Copy code</button><pre><code>${code}</code></pre></div>`;
    }
    case 'blockquote':
      return html`<blockquote>${blocks((t as Tokens.Blockquote).tokens, onCopy)}</blockquote>`;
    case 'list': {
      const l = t as Tokens.List;
      const items = l.items.map((i) => html`<li>${blocks(i.tokens, onCopy)}</li>`);
      return l.ordered ? html`<ol start=${l.start || 1}>${items}</ol>` : html`<ul>${items}</ul>`;
    }
    case 'table': {
      const tb = t as Tokens.Table;
      return html`<table><thead><tr>${tb.header.map((c) => html`<th scope="col">${inline(c.tokens)}</th>`)}</tr></thead>
        <tbody>${tb.rows.map((r) => html`<tr>${r.map((c) => html`<td>${inline(c.tokens)}</td>`)}</tr>`)}</tbody></table>`;
    }
    case 'hr':
      return html`<hr />`;
    case 'space':
      return null;
    case 'text': {
      const x = t as Tokens.Text;
      return html`<p>${x.tokens ? inline(x.tokens) : x.text}</p>`;
    }
    default:
      return html`<p>${'raw' in t ? t.raw : ''}</p>`; // html and anything unknown: as the text it was
  }
}

function inline(tokens: Token[] | undefined): ComponentChildren[] {
  return (tokens ?? []).map((t) => {
    switch (t.type) {
      case 'strong':
        return html`<strong>${inline((t as Tokens.Strong).tokens)}</strong>`;
      case 'em':
        return html`<em>${inline((t as Tokens.Em).tokens)}</em>`;
      case 'del':
        return html`<del>${inline((t as Tokens.Del).tokens)}</del>`;
      case 'codespan':
        return html`<code>${unescape((t as Tokens.Codespan).text)}</code>`;
      case 'br':
        return html`<br />`;
      case 'link': {
        const l = t as Tokens.Link;
        return SAFE_LINK.test(l.href)
          ? html`<a href=${l.href} rel="noopener noreferrer nofollow" target="_blank">${inline(l.tokens)}</a>`
          : l.raw;
      }
      case 'text':
      case 'escape': {
        const x = t as Tokens.Text;
        return 'tokens' in x && x.tokens ? inline(x.tokens) : unescape(x.text);
      }
      default:
        return 'raw' in t ? t.raw : ''; // html, images and anything unknown: as the text they were
    }
  });
}

/** marked escapes &, <, >, " and ' in some text it hands back; a text node needs them as they were. */
function unescape(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e as string]!);
}

function copyToClipboard(code: string): void {
  navigator.clipboard?.writeText(code).catch(() => undefined);
}
