"""Plain text for the small LaTeX math spans some generators wrap numbers in: ``$19.3\\%$``."""

from __future__ import annotations

import re

# A math span is $...$ (or $$...$$) on one line whose body does not start or end with a space
# and holds a TeX marker (\ ^ _ { }). "$140 billion and $90 billion" is money, not math.
_MATH_RE = re.compile(r"\$\$([^$\n]{1,200}?)\$\$|\$(?=[^\s$])([^$\n]{1,120}?)(?<=\S)\$")
_TEX_MARKER_RE = re.compile(r"[\\^_{}]")
_TEXT_CMD_RE = re.compile(
    r"\\(?:text|textrm|textit|textbf|textnormal|mathrm|mathit|mathbf|mathsf|operatorname|mbox|rm)"
    r"\s*\{([^{}]*)\}"
)
_FRAC_RE = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SQRT_RE = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
_DEGREE_RE = re.compile(r"\^\s*\{?\s*\\circ\s*\}?")
_SUPERSCRIPT_RE = re.compile(r"\^\s*(?:\{\s*([-+]?\d+)\s*\}|([-+]?\d))")
_SUBSCRIPT_RE = re.compile(r"_\s*(?:\{\s*(\d+)\s*\}|(\d))")
_COMMAND_RE = re.compile(r"\\(?:[A-Za-z]+|.)")
_SPACES_RE = re.compile(r" {2,}")
# "km^2" in plain text (outside math), and a stray "\%" after a number.
_PLAIN_POWER_RE = re.compile(r"(?<=[A-Za-z])\^([23])(?![\d.])")
_PLAIN_PERCENT_RE = re.compile(r"(?<=\d)\\%")

_SUPERSCRIPTS = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_COMMANDS = {
    "\\times": "×",
    "\\approx": "≈",
    "\\pm": "±",
    "\\mp": "∓",
    "\\cdot": "·",
    "\\leq": "≤",
    "\\le": "≤",
    "\\geq": "≥",
    "\\ge": "≥",
    "\\neq": "≠",
    "\\ne": "≠",
    "\\sim": "~",
    "\\to": "→",
    "\\rightarrow": "→",
    "\\leftarrow": "←",
    "\\degree": "°",
    "\\circ": "°",
    "\\div": "÷",
    "\\infty": "∞",
    "\\euro": "€",
    "\\pounds": "£",
    "\\ldots": "…",
    "\\dots": "…",
    "\\cdots": "…",
    "\\alpha": "α",
    "\\beta": "β",
    "\\gamma": "γ",
    "\\delta": "δ",
    "\\Delta": "Δ",
    "\\epsilon": "ε",
    "\\lambda": "λ",
    "\\mu": "μ",
    "\\pi": "π",
    "\\sigma": "σ",
    "\\Sigma": "Σ",
    "\\theta": "θ",
    "\\omega": "ω",
    "\\Omega": "Ω",
    "\\%": "%",
    "\\$": "$",
    "\\&": "&",
    "\\#": "#",
    "\\_": "_",
    "\\{": "{",
    "\\}": "}",
    "\\,": " ",
    "\\;": " ",
    "\\:": " ",
    "\\ ": " ",
    "\\quad": " ",
    "\\qquad": " ",
    "\\!": "",
}


def _superscript(match: re.Match[str]) -> str:
    return (match.group(1) or match.group(2)).translate(_SUPERSCRIPTS)


def _subscript(match: re.Match[str]) -> str:
    return (match.group(1) or match.group(2)).translate(_SUBSCRIPTS)


def _command(match: re.Match[str]) -> str:
    return _COMMANDS.get(match.group(), "")  # unknown commands (\left, \displaystyle) vanish


def math_to_text(body: str) -> str:
    """``701 \\text{ km}^2`` -> ``701 km²``; ``19.3\\%`` -> ``19.3%``."""
    body = _TEXT_CMD_RE.sub(r"\1", body)
    body = _FRAC_RE.sub(r"\1/\2", body)
    body = _SQRT_RE.sub(r"√\1", body)
    body = _DEGREE_RE.sub("°", body)
    body = _SUPERSCRIPT_RE.sub(_superscript, body)
    body = _SUBSCRIPT_RE.sub(_subscript, body)
    body = _COMMAND_RE.sub(_command, body.replace("~", " "))
    body = body.replace("{", "").replace("}", "")
    return _SPACES_RE.sub(" ", body).strip()


def _math_span(match: re.Match[str]) -> str:
    body = match.group(1) or match.group(2)
    if not _TEX_MARKER_RE.search(body):
        return match.group()
    return math_to_text(body)


def convert_latex(line: str) -> str:
    """Replace math spans on one line by plain text; leave money ("$140 billion") alone."""
    if "$" in line:
        line = _MATH_RE.sub(_math_span, line)
    if "^" in line:
        line = _PLAIN_POWER_RE.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), line)
    if "\\%" in line:
        line = _PLAIN_PERCENT_RE.sub("%", line)
    return line
