// The programs outside Node that the tests run, each with the Debian package that brings it.
// `npm test` checks them before any test (test/support/tools-setup.js) and installs what is
// missing through apt-get when it may. A feature whose tests call a new program adds one line.
//
//   tool     what the tests run (or, with `check`, what a person would call the thing)
//   package  the Debian package that brings it
//   check    optional: a sh command that succeeds when it is there; `command -v <tool>` otherwise,
//            e.g. { tool: 'Go x/mod sources', package: 'golang-golang-x-mod-dev',
//                   check: 'test -d /usr/share/gocode/src/golang.org/x/mod' }
//   usedBy   who calls it, for the reader and for the message

/** @type {import('./machine-tools.js').RequiredTool[]} */
export const REQUIRED_TOOLS = [
  { tool: 'openssl', package: 'openssl', usedBy: 'libs/pki specs and the bundle suite: a second, independent verifier' },
  { tool: 'pdfsig', package: 'poppler-utils', usedBy: 'libs/pdf and the documents suite: PAdES signatures' },
  { tool: 'pdftotext', package: 'poppler-utils', usedBy: 'libs/pdf and the documents suite: page text' },
  { tool: 'pdftoppm', package: 'poppler-utils', usedBy: 'libs/pdf: golden pages' },
  { tool: 'pdfdetach', package: 'poppler-utils', usedBy: 'libs/pdf: the attached order.json' },
  { tool: 'pdffonts', package: 'poppler-utils', usedBy: 'libs/pdf: embedded fonts' },
  { tool: 'qpdf', package: 'qpdf', usedBy: 'libs/pdf and the documents suite: PDF syntax' },
  { tool: 'certutil', package: 'libnss3-tools', usedBy: 'the trust store pdfsig reads' },
  { tool: 'unzip', package: 'unzip', usedBy: 'the bundle and encryption suites: a stock zip reader' },
  { tool: 'go', package: 'golang-go', usedBy: 'libs/tlog: Go\'s own sumdb/note and sumdb/tlog check our checkpoints, tiles and proofs' },
  { tool: 'Go x/mod sources', package: 'golang-golang-x-mod-dev', check: 'test -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog', usedBy: 'libs/tlog: the Go checker builds against them' },
  { tool: 'chromium', package: 'chromium', check: 'test -x /usr/bin/chromium', usedBy: 'the console suites: the web console driven in a real browser (playwright-core)' },
  // Essential on Debian, listed because a missing one would make a check pass silently.
  { tool: 'grep', package: 'grep', usedBy: 'the encryption suite: no plaintext in storage' },
  { tool: 'mkdir', package: 'coreutils', usedBy: 'libs/pdf and the documents suite' },
  { tool: 'cat', package: 'coreutils', usedBy: 'the bundle suite' },
];
