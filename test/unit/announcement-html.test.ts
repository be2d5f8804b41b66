import { inlineFileIds, sanitizeAnnouncementHtml } from '../../src/domain/announcement-html';

it('keeps formatting, links and our own images, and drops scripts, handlers, styles, javascript: URLs and outside images', () => {
  const html = [
    '<h2>Rilis 2.1</h2><p style="color:red" onclick="steal()">Fitur <b>baru</b><script>alert(1)</script></p>',
    '<a href="javascript:alert(1)">x</a><a href="https://example.com/docs">docs</a>',
    '<img src="/api/files/12" alt="layar" onerror="steal()"><img src="http://tracker.example/p.gif"><iframe src="https://evil.example"></iframe>',
    '<img src="https://tracker.example/pixel.gif"><img src="//cdn.example/1.png"><img src="/api/files/12/../../x"><img>',
  ].join('');
  expect(sanitizeAnnouncementHtml(html)).toBe(
    '<h2>Rilis 2.1</h2><p>Fitur <b>baru</b></p><a target="_blank" rel="noopener noreferrer">x</a>' +
      '<a href="https://example.com/docs" target="_blank" rel="noopener noreferrer">docs</a><img src="/api/files/12" alt="layar" />',
  );
});

it('finds the stored files shown inline', () => {
  expect(
    inlineFileIds(
      '<p><img src="/api/files/12" alt="a" /><img src="/api/files/7" /><img src="/api/files/12" /><img src="https://cdn.example/1.png" /></p>',
    ),
  ).toEqual([12, 7]);
  expect(inlineFileIds('<p>no images</p>')).toEqual([]);
});
