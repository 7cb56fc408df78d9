/**
 * The console's stylesheet, inlined in every page (no second request, works offline). Colours meet WCAG AA
 * contrast on white; focus is always visible.
 */
export const consoleStyle = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#1b1f24;background:#fff}
header{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;padding:.5rem 1rem;background:#16324f;color:#fff}
header a{color:#fff}.brand{font-size:1.1rem}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0;list-style:none}
nav a{text-decoration:none;padding:.2rem .1rem}nav a[aria-current=page]{border-bottom:3px solid #ffd166;font-weight:600}
.who{margin-left:auto;display:flex;gap:.5rem;align-items:center}
main{max-width:78rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
a{color:#0b57a4}
:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.5rem;z-index:2}
table{border-collapse:collapse;width:100%;margin:.5rem 0}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
.scroll{overflow-x:auto}
form.inline{display:inline}
fieldset{border:1px solid #d0d7de;padding:.75rem;margin:.75rem 0}legend{font-weight:600}
label{display:block;margin:.5rem 0 .15rem;font-weight:500}label.check{display:inline;font-weight:400}
input,select,textarea{font:inherit;padding:.3rem .4rem;border:1px solid #57606a;border-radius:3px;max-width:100%}
input[type=text],input[type=password],input[type=search],input[type=number],input[type=url],select,textarea{width:26rem}
textarea{height:6rem}
button{font:inherit;padding:.35rem .8rem;border:1px solid #0b57a4;border-radius:3px;background:#0b57a4;color:#fff;cursor:pointer}
button.danger{background:#b3261e;border-color:#b3261e}button.plain{background:#fff;color:#0b57a4}
.notice{padding:.5rem .75rem;border-radius:3px}.notice.ok{background:#e6f4ea;color:#0f5323}.notice.error{background:#fdecea;color:#8a1c14}
.secret{font-family:ui-monospace,monospace;background:#f6f8fa;border:1px solid #d0d7de;padding:.4rem;word-break:break-all}
.muted{color:#57606a}.ok{color:#0f5323}.bad{color:#8a1c14}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:24rem;white-space:pre-wrap;word-break:break-word}
progress{width:12rem}
.plain-list{margin:0;padding-left:1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
svg text{font-size:11px;fill:#1b1f24}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
