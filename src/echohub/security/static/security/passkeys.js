// Passkeys and security keys (WebAuthn), progressive enhancement, no build step.
//
// <form data-passkey="register|authenticate" data-options-url="…" hidden> holds a hidden
// input name="credential". On submit this script asks the server for options (POST, CSRF
// header), calls navigator.credentials.create/get, puts the answer (JSON, binary fields in
// base64url) in the hidden input and sends the form as usual; the server checks it.
// [data-passkey-unsupported] says why nothing happens where the browser cannot use passkeys.
(function () {
  "use strict";

  function toBytes(b64url) {
    var b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) {
      b64 += "=";
    }
    var raw = window.atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toB64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) {
      raw += String.fromCharCode(bytes[i]);
    }
    return window.btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withIds(list) {
    return (list || []).map(function (c) {
      return Object.assign({}, c, { id: toBytes(c.id) });
    });
  }

  function creationOptions(json) {
    json.challenge = toBytes(json.challenge);
    json.user.id = toBytes(json.user.id);
    json.excludeCredentials = withIds(json.excludeCredentials);
    return json;
  }

  function requestOptions(json) {
    json.challenge = toBytes(json.challenge);
    json.allowCredentials = withIds(json.allowCredentials);
    return json;
  }

  function credentialJSON(cred) {
    var r = cred.response;
    var out = {
      id: cred.id,
      rawId: toB64url(cred.rawId),
      type: cred.type,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
      response: { clientDataJSON: toB64url(r.clientDataJSON) },
    };
    if (cred.authenticatorAttachment) {
      out.authenticatorAttachment = cred.authenticatorAttachment;
    }
    if (r.attestationObject) {
      out.response.attestationObject = toB64url(r.attestationObject);
      if (r.getTransports) {
        out.response.transports = r.getTransports();
      }
    } else {
      out.response.authenticatorData = toB64url(r.authenticatorData);
      out.response.signature = toB64url(r.signature);
      if (r.userHandle) {
        out.response.userHandle = toB64url(r.userHandle);
      }
    }
    return out;
  }

  function say(form, attribute) {
    var status = form.querySelector("[data-passkey-status]");
    if (status) {
      status.textContent = form.getAttribute(attribute) || "";
    }
  }

  var supported = !!(window.PublicKeyCredential && navigator.credentials);
  document.querySelectorAll("[data-passkey-unsupported]").forEach(function (note) {
    note.hidden = supported;
  });
  if (!supported) {
    return;
  }

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    form.hidden = false;
    var field = form.querySelector("input[name=credential]");
    form.addEventListener("submit", function (event) {
      if (field.value) {
        return; // the answer is in: the form goes to the server
      }
      event.preventDefault();
      if (form.getAttribute("data-passkey") === "register" && !form.reportValidity()) {
        return;
      }
      var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      say(form, "data-msg-waiting");
      var from = form.querySelector("input[name=from]");
      fetch(form.getAttribute("data-options-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf ? csrf.value : "", Accept: "application/json" },
        body: new URLSearchParams({ from: from ? from.value : "" }),
      })
        .then(function (response) {
          return response.json().then(function (body) {
            if (!response.ok) {
              throw { serverMessage: body.message || "", location: body.location || "" };
            }
            return body;
          });
        })
        .then(function (options) {
          if (form.getAttribute("data-passkey") === "register") {
            return navigator.credentials.create({ publicKey: creationOptions(options) });
          }
          return navigator.credentials.get({ publicKey: requestOptions(options) });
        })
        .then(function (cred) {
          field.value = JSON.stringify(credentialJSON(cred));
          form.submit();
        })
        .catch(function (error) {
          button.disabled = false;
          var status = form.querySelector("[data-passkey-status]");
          if (error && error.location && error.location.charAt(0) === "/") {
            window.location.assign(error.location); // type the password again, then back here
            return;
          }
          if (error && error.serverMessage && status) {
            status.textContent = error.serverMessage;
          } else if (error && error.name === "NotAllowedError") {
            say(form, "data-msg-cancelled");
          } else if (error && error.name === "InvalidStateError") {
            say(form, "data-msg-duplicate");
          } else {
            say(form, "data-msg-failed");
          }
        });
    });
  });
})();
