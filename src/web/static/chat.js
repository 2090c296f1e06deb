// /chat: Microsoft Web Chat talking to this server's local Direct Line (polling, no WebSocket).
// Settings and words come from data- attributes on #webchat (src/web/catalogue.ts), so there is
// no inline script (strict CSP) and no rider-facing text here.
(function () {
  'use strict';
  var el = document.getElementById('webchat');
  if (!el || !window.WebChat) return;
  var data = function (name) {
    return el.getAttribute('data-' + name);
  };
  var directLine = window.WebChat.createDirectLine({
    domain: window.location.origin + data('domain'),
    token: data('token'),
    webSocket: false,
    pollingInterval: 250
  });
  window.WebChat.renderWebChat(
    {
      directLine: directLine,
      userID: data('user-id'),
      username: data('username'),
      locale: data('locale'),
      nonce: data('style-nonce'),
      styleOptions: {
        accent: '#7f1d1d',
        botAvatarInitials: data('bot-initials'),
        userAvatarInitials: data('user-initials'),
        hideUploadButton: true,
        sendBoxTextWrap: true,
        // The default carousel puts its scroll arrows over the first and last buttons on a
        // narrow screen; "flow" wraps the four "another trip?" buttons onto lines instead.
        suggestedActionLayout: 'flow',
        suggestedActionsStackedLayoutButtonTextWrap: true
      }
    },
    el
  );
  var box = el.querySelector('input[type="text"], textarea');
  if (box) box.focus();
})();
