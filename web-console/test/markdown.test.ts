import { describe, expect, it } from 'vitest';
import { html } from 'htm/preact';
import { render } from 'preact';
import { Markdown } from '../src/markdown';

function shown(text: string, onCopy?: (c: string) => void): HTMLElement {
  const root = document.createElement('div');
  render(html`<${Markdown} text=${text} onCopy=${onCopy} />`, root);
  return root;
}

describe('Markdown', () => {
  it('renders headings, emphasis, lists and code as elements', () => {
    const root = shown('# Title\n\nSome **bold** and *em* and `x<y`.\n\n- one\n- two\n\n```sh\necho hi\n```\n');
    expect(root.querySelector('h3')?.textContent).toBe('Title');
    expect(root.querySelector('strong')?.textContent).toBe('bold');
    expect(root.querySelector('em')?.textContent).toBe('em');
    expect(root.querySelector('p code')?.textContent).toBe('x<y');
    expect([...root.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect(root.querySelector('pre code')?.textContent).toBe('echo hi');
  });

  it('shows raw HTML from the model as text, never as markup', () => {
    const root = shown('<script>alert(1)</script>\n\nHi <img src=x onerror=alert(2)> there <b>bold</b>');
    expect(root.querySelector('script, img, b')).toBeNull();
    expect(root.textContent).toContain('<script>alert(1)</script>');
    expect(root.textContent).toContain('<img src=x onerror=alert(2)>');
  });

  it('links only to http(s) and mailto, with no referrer; other schemes stay text', () => {
    const root = shown('[ok](https://example.org/a) [bad](javascript:alert(1)) [data](data:text/html,x)');
    const links = [...root.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.org/a']);
    expect(links[0].getAttribute('rel')).toContain('noreferrer');
    expect(root.textContent).toContain('[bad](javascript:alert(1))');
  });

  it('shows an image as its text, loading nothing', () => {
    const root = shown('![a tracker](https://example.org/pixel.png)');
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain('![a tracker](https://example.org/pixel.png)');
  });

  it('gives a code block a copy button that copies the code', () => {
    let copied = '';
    const root = shown('```\nrm -rf /tmp/x\n```', (c) => (copied = c));
    (root.querySelector('button') as HTMLButtonElement).click();
    expect(root.querySelector('button')?.textContent).toBe('Copy code');
    expect(copied).toBe('rm -rf /tmp/x');
  });

  it('keeps characters marked escapes as they were', () => {
    expect(shown('a & b < c "d"').textContent).toBe('a & b < c "d"');
  });
});
