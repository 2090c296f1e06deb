// /chat: Microsoft Web Chat talking to this server's local Direct Line (polling, no WebSocket).
// Settings come from data- attributes on #webchat, so there is no inline script (strict CSP).
(function () {
  'use strict';
  var el = document.getElementById('webchat');
  if (!el || !window.WebChat) return;
  var directLine = window.WebChat.createDirectLine({
    domain: window.location.origin + el.getAttribute('data-domain'),
    token: el.getAttribute('data-token'),
    webSocket: false,
    pollingInterval: 250
  });
  window.WebChat.renderWebChat(
    {
      directLine: directLine,
      userID: el.getAttribute('data-user-id'),
      username: 'You',
      locale: 'en-CA',
      nonce: el.getAttribute('data-style-nonce'),
      styleOptions: {
        accent: '#7f1d1d',
        botAvatarInitials: 'TTC',
        userAvatarInitials: 'You',
        hideUploadButton: true,
        sendBoxTextWrap: true
      }
    },
    el
  );
  var box = el.querySelector('input[type="text"], textarea');
  if (box) box.focus();
})();
