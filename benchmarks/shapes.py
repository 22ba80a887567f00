"""Page shapes for the speed benchmark: a light article, a shop's category page, a heavy page."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

STYLE = ("body{font:16px/1.5 sans-serif;margin:0 auto;max-width:1200px;padding:0 1rem}nav a{margin:0 .5rem}"
         ".promo{background:#c00;color:#fff;padding:.5rem;text-align:center}"
         ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:1rem}"
         ".card img{width:100%;height:auto}.card s{color:#888}.price{font-weight:bold}"
         "footer{margin-top:2rem;font-size:14px}")


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain-colour PNG: product photos without an image library."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _head(title: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="s.css">'
            "</head><body>")


def _nav(i: int, count: int) -> str:
    return "<nav>" + " ".join(f'<a href="p{j}.html">Category {j}</a>' for j in range(i + 1, min(i + 6, count))) + "</nav>"


def light(i: int, count: int) -> str:
    body = "".join(f"<p>Paragraph {k} of product {i}: a fine thing at a fair price.</p>" for k in range(12))
    return f"{_head(f'Product {i}')}{_nav(i, count)}<h1>Product {i}</h1>{body}<button>Add to cart</button></body></html>"


def _card(i: int, k: int, count: int) -> str:
    return (f'<div class="card"><a href="p{(i + k) % count}.html"><img src="img/{i}-{k}.png" width="300" height="300" '
            f'alt="Item {k}"></a><h3>Item {k} of category {i}</h3><p><s>{k + 20}.99</s> '
            f'<span class="price">{k + 10}.99</span></p></div>')


def grid(i: int, count: int) -> str:
    """A shop's category page: header, a 5-link nav, a promo bar, 12 product cards with image and prices."""
    cards = "".join(_card(i, k, count) for k in range(12))
    return (f'{_head(f"Category {i}")}<header><a href="index.html">Shop</a></header>{_nav(i, count)}'
            f'<div class="promo">Sale: 30% off everything this week</div><h1>Category {i}</h1>'
            f'<div class="grid">{cards}</div><footer>Free shipping over 50</footer></body></html>')


def heavy(i: int, count: int) -> str:
    """About 3,000 elements, 200 links and 40 images."""
    images = "".join(_card(i, k, count) for k in range(40))
    links = "".join(f'<li><a href="p{(i + k) % count}.html">Link {k}</a></li>' for k in range(200 - 45))
    table = "".join(f"<tr><td>Spec {k}</td><td><span>value</span> <b>{k}</b></td></tr>" for k in range(450))
    return (f'{_head(f"Heavy {i}")}{_nav(i, count)}<div class="promo">Sale: 30% off</div><h1>Heavy {i}</h1>'
            f'<div class="grid">{images}</div><ul>{links}</ul><table>{table}</table></body></html>')


SHAPES = {"light": (light, 0), "grid": (grid, 12), "heavy": (heavy, 40)}


def make_site(folder: Path, shape: str, count: int) -> None:
    """`count` pages of one shape, each linking to the next five so a breadth-first crawl finds them all."""
    render, images = SHAPES[shape]
    (folder / "s.css").write_text(STYLE)
    (folder / "img").mkdir()
    photo = png(300, 300, (200, 120, 80))
    for i in range(count):
        (folder / f"p{i}.html").write_text(render(i, count))
        for k in range(images):
            (folder / "img" / f"{i}-{k}.png").write_bytes(photo)
    (folder / "index.html").write_text('<a href="p0.html">start</a>')
