#!/usr/bin/python3
"""Debian's wapiti 3.0.4 with one fix, so its -x (exclude) option works on Python 3.11.

wapitiCore.net.crawler.wildcard_translate appends the inline flags "(?ms)" at the END of the
pattern, which Python 3.11 rejects ("global flags not at the start of the expression"), so any -x
crashes the scan. This wrapper puts the flags first and then runs wapiti's own entry point.
Run it with Debian's /usr/bin/python3 (where python3-wapiti's modules live).
"""
import re
import sys

import wapitiCore.net.crawler as crawler


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate

from wapitiCore.main.wapiti import wapiti_main  # noqa: E402

sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
