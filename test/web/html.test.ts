import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { escapeHtml, html, trusted } from '../../src/web/html';

describe('html template', () => {
  it('escapes every interpolated value', () => {
    const evil = `"><script>alert('x')</script>&\``;
    assert.equal(
      html`<a title="${evil}">${evil}</a>`.value,
      '<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;</a>',
    );
  });
  it('keeps nested html and trusted markup, joins arrays, drops null/undefined/false', () => {
    const items = ['a<', 'b'].map((x) => html`<li>${x}</li>`);
    assert.equal(html`<ul>${items}</ul>${null}${undefined}${false}${trusted('<br>')}`.value, '<ul><li>a&lt;</li><li>b</li></ul><br>');
  });
  it('escapeHtml leaves plain text alone', () => {
    assert.equal(escapeHtml('504 King eastbound'), '504 King eastbound');
  });
});
