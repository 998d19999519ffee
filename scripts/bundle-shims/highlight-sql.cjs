// highlight.js as cli-highlight sees it in the bundle, with the one language dbtk highlights:
// the full package registers ~190 languages (1.5 MB of code, ~20 MB of memory in the app).
const hljs = require('highlight.js/lib/core');

hljs.registerLanguage('sql', require('highlight.js/lib/languages/sql'));
module.exports = hljs;
