/**
 * Web globals QuickJS lacks, for `nativets` code: `URL`, `URLSearchParams`, `TextEncoder`,
 * `TextDecoder`, `atob`, `btoa`. Plain JavaScript evaluated inside the isolate, once per warm
 * runtime, in nativeProgram's scope (`g`, `defineProperty`, `toText`, `TypeErrorCtor`). They
 * follow the WHATWG standards for what scripts use (absolute and relative http(s), ws(s), file and
 * opaque URLs, setters, form encoding); host names stay as given, lower-cased: a name with
 * characters beyond ASCII is refused (no IDNA here). native-globals.test.ts checks them against
 * Node's own.
 */
export const NATIVE_GLOBALS = String.raw`
  const RangeErrorCtor = RangeError;
  const SPECIAL = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21', 'file:': '' };
  const hex = (byte) => '%' + (byte < 16 ? '0' : '') + byte.toString(16).toUpperCase();
  const utf8 = (text) => {
    const out = [];
    for (const ch of text) {
      let c = ch.codePointAt(0);
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  };
  const fromUtf8 = (bytes) => {
    let out = '';
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i];
      const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
      let c = need === 0 ? b : need === 1 ? b & 31 : need === 2 ? b & 15 : b & 7;
      let n = 0;
      if (need > 0) {
        for (; n < need && i + 1 + n < bytes.length && (bytes[i + 1 + n] & 0xc0) === 0x80; n++) c = (c << 6) | (bytes[i + 1 + n] & 63);
      }
      const min = [0, 0x80, 0x800, 0x10000][need];
      if (need < 0 || n < need || c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
        out += '\ufffd';
        i += need > 0 && n < need ? n + 1 : 1;
        continue;
      }
      out += String.fromCodePoint(c);
      i += need + 1;
    }
    return out;
  };
  // Percent-encodes what 'keep' does not match, byte by byte; existing %XX stay.
  const encode = (text, keep) => {
    let out = '';
    for (const ch of text) out += keep.test(ch) ? ch : utf8(ch).map(hex).join('');
    return out;
  };
  const percentDecode = (text) => {
    const bytes = utf8(text);
    const out = [];
    for (let i = 0; i < bytes.length; i++) {
      const h = bytes[i] === 37 && i + 2 < bytes.length ? String.fromCharCode(bytes[i + 1], bytes[i + 2]) : '';
      if (/^[0-9a-fA-F]{2}$/.test(h)) { out.push(parseInt(h, 16)); i += 2; } else out.push(bytes[i]);
    }
    return fromUtf8(out);
  };
  const PATH_KEEP = /^[\x21\x24-\x3b\x3d\x40-\x5f\x61-\x7a\x7c\x7e]$/; // not space " # < > ? ${'`'} { }
  const QUERY_KEEP = /^[\x21\x24-\x26\x28-\x3b\x3d\x3f-\x7e]$/; // not space " # < > '
  const QUERY_KEEP_OPAQUE = /^[\x21\x24-\x3b\x3d\x3f-\x7e]$/;
  const HASH_KEEP = /^[\x21\x23-\x3b\x3d\x3f-\x5f\x61-\x7e]$/; // not space " < > ${'`'}
  const USER_KEEP = /^[\x21\x24-\x2e\x30-\x39\x41-\x5a\x5f\x61-\x7a\x7e]$/;
  const OPAQUE_KEEP = /^[\x20-\x7e]$/;
  const FORM_KEEP = /^[*\-._0-9A-Za-z]$/;
  const formEncode = (text) => encode(toText(text), FORM_KEEP).replace(/%20/g, '+');
  const formDecode = (text) => percentDecode(text.replace(/\+/g, ' '));
  const invalid = (input, why) => new TypeErrorCtor('Invalid URL: ' + input + (why ? ' (' + why + ')' : ''));

  class URLSearchParams {
    constructor(init) {
      this._list = [];
      this._url = null;
      if (init === undefined || init === null) return;
      if (typeof init === 'object' || typeof init === 'function') {
        if (init instanceof URLSearchParams) this._list = init._list.map((p) => [p[0], p[1]]);
        else if (typeof init[Symbol.iterator] === 'function') {
          for (const pair of init) {
            const p = [...pair];
            if (p.length !== 2) throw new TypeErrorCtor('URLSearchParams: each pair must hold a name and a value');
            this._list.push([toText(p[0]), toText(p[1])]);
          }
        } else for (const k of Object.keys(init)) this._list.push([k, toText(init[k])]);
      } else this._parse(toText(init));
    }
    _parse(text) {
      this._list = [];
      for (const part of (text[0] === '?' ? text.slice(1) : text).split('&')) {
        if (part === '') continue;
        const i = part.indexOf('=');
        this._list.push(i < 0 ? [formDecode(part), ''] : [formDecode(part.slice(0, i)), formDecode(part.slice(i + 1))]);
      }
    }
    _changed() {
      if (!this._url) return;
      const q = this.toString();
      this._url._query = q === '' ? null : q;
    }
    get size() { return this._list.length; }
    append(name, value) { this._list.push([toText(name), toText(value)]); this._changed(); }
    delete(name, value) {
      const k = toText(name), v = value === undefined ? undefined : toText(value);
      this._list = this._list.filter((p) => p[0] !== k || (v !== undefined && p[1] !== v));
      this._changed();
    }
    get(name) { const k = toText(name); const p = this._list.find((q) => q[0] === k); return p ? p[1] : null; }
    getAll(name) { const k = toText(name); return this._list.filter((p) => p[0] === k).map((p) => p[1]); }
    has(name, value) {
      const k = toText(name), v = value === undefined ? undefined : toText(value);
      return this._list.some((p) => p[0] === k && (v === undefined || p[1] === v));
    }
    set(name, value) {
      const k = toText(name), v = toText(value);
      const i = this._list.findIndex((p) => p[0] === k);
      if (i < 0) this._list.push([k, v]);
      else this._list = this._list.filter((p, j) => j <= i || p[0] !== k).map((p, j) => (j === i ? [k, v] : p));
      this._changed();
    }
    sort() {
      this._list = this._list.map((p, i) => [p, i]).sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1])).map((x) => x[0]);
      this._changed();
    }
    forEach(fn, self) { for (const [k, v] of this._list.slice()) fn.call(self, v, k, this); }
    *entries() { for (const p of this._list.slice()) yield [p[0], p[1]]; }
    *keys() { for (const p of this._list.slice()) yield p[0]; }
    *values() { for (const p of this._list.slice()) yield p[1]; }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return this._list.map((p) => formEncode(p[0]) + '=' + formEncode(p[1])).join('&'); }
  }

  const normalizePath = (segments) => {
    const out = [];
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i], last = i === segments.length - 1;
      const lower = s.toLowerCase();
      if (s === '..' || lower === '.%2e' || lower === '%2e.' || lower === '%2e%2e') {
        if (out.length > 0) out.pop();
        if (last) out.push('');
      } else if (s === '.' || lower === '%2e') {
        if (last) out.push('');
      } else out.push(s);
    }
    return out;
  };

  // kind: 'special' (http, ws, ftp…), 'file' (may be empty) or 'opaque' (other schemes: kept as written).
  const parseHost = (input, text, kind) => {
    if (text.startsWith('[')) {
      if (!/^\[[0-9a-fA-F:.]+\]$/.test(text)) throw invalid(input, 'bad IPv6 address');
      return text.toLowerCase();
    }
    if (kind === 'opaque') {
      if (/[\x00\x09\x0a\x0d #/:<>?@[\\\]^|]/.test(text)) throw invalid(input, 'forbidden character in the host');
      return encode(text, OPAQUE_KEEP);
    }
    const special = kind === 'special';
    const host = percentDecode(text).toLowerCase();
    if (special && host === '') throw invalid(input, 'no host');
    if (/[^\x21-\x7e]/.test(host)) throw invalid(input, 'nativets takes host names in ASCII (punycode) only');
    if (/[\x00\x09\x0a\x0d #%/:<>?@[\\\]^|]/.test(host)) throw invalid(input, 'forbidden character in the host');
    // A host of four numbers (decimal, 0x… or 0…) is an IPv4 address, written out in decimal.
    if (special && /^[0-9a-fx.]+$/.test(host) && /^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+))*\.?$/.test(host)) {
      const parts = host.replace(/\.$/, '').split('.').map((p) => (p.startsWith('0x') ? parseInt(p.slice(2) || '0', 16) : /^0[0-7]+$/.test(p) ? parseInt(p, 8) : Number(p)));
      if (parts.length > 4 || parts.some((n, i) => n > (i === parts.length - 1 ? 256 ** (5 - parts.length) - 1 : 255)))
        throw invalid(input, 'bad IPv4 address');
      let n = parts[parts.length - 1];
      for (let i = 0; i < parts.length - 1; i++) n += parts[i] * 256 ** (3 - i);
      return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
    }
    return host;
  };

  class URL {
    constructor(url, base) {
      const input = toText(url);
      let baseUrl;
      if (base !== undefined) baseUrl = base instanceof URL ? base : new URL(base);
      this._parse(input, baseUrl);
      this._params = new URLSearchParams(this._query ?? '');
      this._params._url = this;
    }
    static canParse(url, base) {
      try { new URL(url, base); return true; } catch (_) { return false; }
    }
    static parse(url, base) {
      try { return new URL(url, base); } catch (_) { return null; }
    }
    _parse(input, base) {
      let rest = input.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
      let hash = null, query = null;
      const h = rest.indexOf('#');
      if (h >= 0) { hash = rest.slice(h + 1); rest = rest.slice(0, h); }
      const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
      let protocol;
      if (scheme) {
        protocol = scheme[1].toLowerCase() + ':';
        rest = rest.slice(scheme[0].length);
        if (base && base._protocol === protocol && protocol in SPECIAL && !/^[/\\]/.test(rest)) {
          this._relative(input, base, rest, hash); // "http:foo" against an http base
          return;
        }
      } else {
        if (!base) throw invalid(input, 'a relative URL needs a base');
        this._relative(input, base, rest, hash);
        return;
      }
      const special = protocol in SPECIAL;
      if (special) rest = rest.replace(/\\/g, '/');
      this._protocol = protocol;
      this._user = ''; this._password = ''; this._host = null; this._port = '';
      let authority;
      if (protocol === 'file:') {
        this._host = '';
        if (rest.startsWith('//')) authority = rest.slice(2);
      } else if (special) authority = rest.replace(/^\/*/, '');
      else if (rest.startsWith('//')) authority = rest.slice(2);
      else if (!rest.startsWith('/')) {
        // An opaque path: mailto:, data:, urn: …
        const q = rest.indexOf('?');
        if (q >= 0) { query = rest.slice(q + 1); rest = rest.slice(0, q); }
        this._opaque = true;
        this._path = encode(rest, OPAQUE_KEEP);
        this._query = query === null ? null : encode(query, QUERY_KEEP_OPAQUE);
        this._hash = hash === null ? null : encode(hash, HASH_KEEP);
        return;
      }
      if (authority !== undefined) {
        const end = authority.search(/[/?]/);
        rest = end < 0 ? '' : authority.slice(end);
        this._authority(input, end < 0 ? authority : authority.slice(0, end), special);
        if (protocol === 'file:' && this._host === 'localhost') this._host = '';
      }
      this._opaque = false;
      const q = rest.indexOf('?');
      if (q >= 0) { query = rest.slice(q + 1); rest = rest.slice(0, q); }
      this._setPath(rest);
      this._query = query === null ? null : encode(query, special ? QUERY_KEEP : QUERY_KEEP_OPAQUE);
      this._hash = hash === null ? null : encode(hash, HASH_KEEP);
    }
    _authority(input, authority, special) {
      const at = authority.lastIndexOf('@');
      if (at >= 0) {
        const info = authority.slice(0, at);
        const colon = info.indexOf(':');
        this._user = encode(colon < 0 ? info : info.slice(0, colon), USER_KEEP);
        this._password = colon < 0 ? '' : encode(info.slice(colon + 1), USER_KEEP);
        authority = authority.slice(at + 1);
      }
      const port = /:([^\]:]*)$/.exec(authority);
      let hostText = authority;
      if (port) {
        hostText = authority.slice(0, port.index);
        if (!/^[0-9]*$/.test(port[1]) || Number(port[1]) > 65535) throw invalid(input, 'bad port');
        this._port = port[1] === '' ? '' : String(Number(port[1]));
        if (SPECIAL[this._protocol] === this._port) this._port = '';
      }
      this._host = parseHost(input, hostText, this._protocol === 'file:' ? 'file' : special ? 'special' : 'opaque');
      if (this._host === '' && (this._user || this._password || this._port)) throw invalid(input, 'credentials or a port without a host');
    }
    _relative(input, base, rest, hash) {
      if (base._opaque) {
        if (rest !== '' || hash === null) throw invalid(input, 'the base URL cannot have relative URLs');
        Object.assign(this, { _protocol: base._protocol, _opaque: true, _path: base._path, _query: base._query, _host: base._host, _user: '', _password: '', _port: '' });
        this._hash = encode(hash, HASH_KEEP);
        return;
      }
      const special = base._protocol in SPECIAL;
      if (special) rest = rest.replace(/\\/g, '/');
      if (rest.startsWith('//')) {
        this._parse(base._protocol + rest + (hash === null ? '' : '#' + hash));
        return;
      }
      Object.assign(this, { _protocol: base._protocol, _opaque: false, _user: base._user, _password: base._password, _host: base._host, _port: base._port });
      let query = null;
      const q = rest.indexOf('?');
      if (q >= 0) { query = rest.slice(q + 1); rest = rest.slice(0, q); }
      if (rest === '') {
        this._path = base._path;
        this._query = query === null ? base._query : encode(query, special ? QUERY_KEEP : QUERY_KEEP_OPAQUE);
      } else {
        this._setPath(rest.startsWith('/') ? rest : base._path.slice(0, base._path.lastIndexOf('/') + 1) + rest);
        this._query = query === null ? null : encode(query, special ? QUERY_KEEP : QUERY_KEEP_OPAQUE);
      }
      this._hash = hash === null ? null : encode(hash, HASH_KEEP);
    }
    _setPath(text) {
      const special = this._protocol in SPECIAL;
      if (special) text = text.replace(/\\/g, '/');
      if (text === '' && !special) { this._path = ''; return; }
      const segments = text.replace(/^\//, '').split('/');
      this._path = '/' + normalizePath(segments).map((s) => encode(s, PATH_KEEP)).join('/');
    }
    get href() {
      const auth = this._host === null ? '' : '//' + (this._user || this._password ? this._user + (this._password ? ':' + this._password : '') + '@' : '') + this.host;
      return this._protocol + auth + this._path + (this._query === null ? '' : '?' + this._query) + (this._hash === null ? '' : '#' + this._hash);
    }
    set href(value) {
      const next = new URL(value);
      for (const k of ['_protocol', '_opaque', '_user', '_password', '_host', '_port', '_path', '_query', '_hash']) this[k] = next[k];
      this._params._parse(this._query ?? '');
    }
    get origin() {
      return this._protocol in SPECIAL && this._protocol !== 'file:' ? this._protocol + '//' + this.host : 'null';
    }
    get protocol() { return this._protocol; }
    set protocol(value) {
      const p = toText(value).replace(/:.*$/, '').toLowerCase() + ':';
      if (!/^[a-z][a-z0-9+.-]*:$/.test(p) || (p in SPECIAL) !== (this._protocol in SPECIAL)) return;
      this._protocol = p;
      if (SPECIAL[p] === this._port) this._port = '';
    }
    get username() { return this._user; }
    set username(value) { if (this._host) this._user = encode(toText(value), USER_KEEP); }
    get password() { return this._password; }
    set password(value) { if (this._host) this._password = encode(toText(value), USER_KEEP); }
    get host() { return this._host === null ? '' : this._host + (this._port ? ':' + this._port : ''); }
    set host(value) {
      if (this._opaque) return;
      try {
        const next = new URL(this._protocol + '//' + toText(value));
        this._host = next._host;
        if (/:[0-9]+$/.test(toText(value).replace(/\[.*\]/, ''))) this._port = next._port;
      } catch (_) { /* ignored, as in browsers */ }
    }
    get hostname() { return this._host ?? ''; }
    set hostname(value) {
      if (this._opaque) return;
      try { this._host = new URL(this._protocol + '//' + toText(value).replace(/:.*$/, ''))._host; } catch (_) { /* ignored */ }
    }
    get port() { return this._port; }
    set port(value) {
      if (this._host === null || this._host === '' || this._protocol === 'file:') return;
      const m = /^[0-9]*/.exec(toText(value))[0];
      if (m === '' && toText(value) !== '') return;
      if (m !== '' && Number(m) > 65535) return;
      this._port = m === '' || SPECIAL[this._protocol] === String(Number(m)) ? '' : String(Number(m));
    }
    get pathname() { return this._path; }
    set pathname(value) {
      if (this._opaque) return;
      const text = toText(value);
      this._setPath(text.startsWith('/') || (this._protocol in SPECIAL && text.startsWith('\\')) ? text : '/' + text);
    }
    get search() { return this._query === null || this._query === '' ? '' : '?' + this._query; }
    set search(value) {
      const text = toText(value).replace(/^\?/, '');
      this._query = text === '' ? null : encode(text, this._protocol in SPECIAL ? QUERY_KEEP : QUERY_KEEP_OPAQUE);
      this._params._parse(text);
    }
    get searchParams() { return this._params; }
    get hash() { return this._hash === null || this._hash === '' ? '' : '#' + this._hash; }
    set hash(value) {
      const text = toText(value).replace(/^#/, '');
      this._hash = text === '' ? null : encode(text, HASH_KEEP);
    }
    toString() { return this.href; }
    toJSON() { return this.href; }
  }

  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(text) { return new Uint8Array(utf8(text === undefined ? '' : toText(text))); }
  }
  class TextDecoder {
    constructor(label) {
      const name = label === undefined ? 'utf-8' : toText(label).trim().toLowerCase();
      if (name !== 'utf-8' && name !== 'utf8' && name !== 'unicode-1-1-utf-8')
        throw new RangeErrorCtor('TextDecoder in nativets decodes utf-8 only, not ' + name);
    }
    get encoding() { return 'utf-8'; }
    decode(input) {
      if (input === undefined) return '';
      const bytes = input instanceof ArrayBuffer ? new Uint8Array(input)
        : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
        : null;
      if (bytes === null) throw new TypeErrorCtor('TextDecoder.decode takes an ArrayBuffer or a typed array');
      const text = fromUtf8(bytes);
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    }
  }

  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const characterError = (message) => {
    const e = new ErrorCtor(message);
    e.name = 'InvalidCharacterError';
    return e;
  };
  const btoa = (value) => {
    const text = toText(value);
    let out = '';
    for (let i = 0; i < text.length; i += 3) {
      const a = text.charCodeAt(i), b = text.charCodeAt(i + 1), c = text.charCodeAt(i + 2);
      if (a > 255 || b > 255 || c > 255) throw characterError('btoa: the string has characters outside Latin-1');
      const n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < text.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < text.length ? B64[n & 63] : '=');
    }
    return out;
  };
  const atob = (value) => {
    let text = toText(value).replace(/[\t\n\f\r ]/g, '');
    if (text.length % 4 === 0) text = text.replace(/==?$/, '');
    if (text.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(text)) throw characterError('atob: the string is not valid base64');
    let out = '', bits = 0, n = 0;
    for (const ch of text) {
      n = (n << 6) | B64.indexOf(ch);
      bits += 6;
      if (bits >= 8) { bits -= 8; out += String.fromCharCode((n >> bits) & 255); }
    }
    return out;
  };

  for (const [name, value] of [['URL', URL], ['URLSearchParams', URLSearchParams], ['TextEncoder', TextEncoder], ['TextDecoder', TextDecoder], ['atob', atob], ['btoa', btoa]]) {
    defineProperty(g, name, { value, writable: true, configurable: true });
  }
`;
