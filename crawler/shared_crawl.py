"""One crawl shared by several worker processes through Redis (`audit --redis URL`): one frontier, one
set of URLs seen and of page ids, and the pages in progress, each owned by a worker while its heartbeat
lives. A worker that dies (kill -9, a lost machine) stops beating: the others take back its URLs and
finish its pages, rendering only the devices it had not done. The last worker to leave writes the report.

Why not scrapy-redis: its scheduler pickles whole requests into Redis, and ours carry credentials (auth
headers, cookies, a login session) that must never be written; its 0.9 predates Scrapy's async `start()`;
and mobicrawl's frontier holds URLs, not requests, bounded by --max-pages (see crawler/frontier.py). Here
Redis holds only URLs, page records and artifacts, and every step that must be atomic is one Lua script.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import uuid
from typing import Any, cast
from urllib.parse import urlsplit

import redis

from checks.artifacts import RenderArtifacts, ServerHtml

from .errors import ConfigError, CrawlFailed
from .frontier import MARGIN, Found
from .journal import UnsavedPage
from .records import PageItem
from .redact import mask

HEARTBEAT_S = 5  # a worker says it is alive (and takes over what dead ones left) this often
POLL_S = 0.5  # and looks for URLs other workers found this often
DEAD_AFTER_S = 15  # and is taken for dead when it has not for this long
DEADLINE_S = 10  # every Redis call: a Redis that stops answering stops the worker, it does not hang it

_ADD = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
local room = tonumber(ARGV[4]) * (tonumber(ARGV[3]) - redis.call('HLEN', KEYS[4]))
if redis.call('LLEN', KEYS[2]) + redis.call('HLEN', KEYS[3]) >= room then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[2])
return 1
"""
_TAKE = """
local room = math.min(tonumber(ARGV[2]) - redis.call('HLEN', KEYS[3]) - redis.call('HLEN', KEYS[2]),
                      tonumber(ARGV[3]))
local taken = {}
while room > 0 do
  local found = redis.call('LPOP', KEYS[1])
  if not found then break end
  redis.call('HSET', KEYS[2], cjson.decode(found)['url'], cjson.encode({worker = ARGV[1], found = found}))
  table.insert(taken, found)
  room = room - 1
end
return taken
"""
_ADMIT = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return -1 end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
local id = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], id)
return id
"""
# KEYS: owners, leases, waiting; ARGV: this worker, the heartbeat keys' prefix
_RECLAIM = """
local pages = {}
local owners = redis.call('HGETALL', KEYS[1])
for i = 1, #owners, 2 do
  if redis.call('EXISTS', ARGV[2] .. owners[i + 1]) == 0 then
    redis.call('HSET', KEYS[1], owners[i], ARGV[1])
    table.insert(pages, owners[i])
  end
end
local leases = redis.call('HGETALL', KEYS[2])
for i = 1, #leases, 2 do
  local lease = cjson.decode(leases[i + 1])
  if redis.call('EXISTS', ARGV[2] .. lease['worker']) == 0 then
    redis.call('HDEL', KEYS[2], leases[i])
    redis.call('LPUSH', KEYS[3], lease['found'])
  end
end
return pages
"""
# KEYS: workers; ARGV: this worker, the heartbeat keys' prefix. Returns how many workers are still alive.
_LEAVE = """
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('DEL', ARGV[2] .. ARGV[1])
local alive = 0
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[2] .. worker) == 1 then alive = alive + 1 end
end
return alive
"""


def shown(text: str, url: str | None = None) -> str:
    """A Redis URL (or a message about it) as it may be printed: the URL's password masked."""
    return mask(text, [urlsplit(url or text).password or ""])


class SharedCrawl:
    """This worker's end of the shared crawl; `frontier`, `page_ids` and `journal` are what the spider and
    the pipeline use in place of their local counterparts."""

    def __init__(self, url: str, identity: dict[str, Any], max_pages: int, max_in_flight: int):
        try:
            self.redis = redis.Redis.from_url(url, socket_timeout=DEADLINE_S, socket_connect_timeout=DEADLINE_S,
                                              decode_responses=True)
        except ValueError as exc:
            raise ConfigError(f"--redis {shown(url)}: {shown(str(exc), url)}") from None
        self.url = url
        self.worker = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        crawl_id = hashlib.sha1("\n".join(identity["start_urls"]).encode("utf-8")).hexdigest()[:16]
        self.prefix = f"mobicrawl:{crawl_id}:"  # one crawl per set of start URLs
        self.key = {name: self.prefix + name for name in (
            "identity", "seen", "waiting", "leases", "ids", "next_id", "pages", "owners", "workers", "begun",
            "seeded")}
        self.heartbeat_prefix = self.prefix + "alive:"
        self.max_pages, self.max_in_flight = max_pages, max_in_flight
        self.in_flight = 0
        self.scripts = {name: self.redis.register_script(source) for name, source in
                        (("add", _ADD), ("take", _TAKE), ("admit", _ADMIT), ("reclaim", _RECLAIM), ("leave", _LEAVE))}
        self.identity = identity
        self.frontier = SharedFrontier(self)
        self.page_ids = SharedPageIds(self)
        self.journal = SharedJournal(self)

    def check(self) -> bool:
        """Whether this worker starts the crawl (none of these start URLs is under way); a worker that runs at
        other devices or into another folder than the crawl under way (or a Redis that does not answer) is
        refused, before it starts a browser."""
        try:
            if self.finished_long_ago():
                self.clear()
            new = bool(self.redis.set(self.key["identity"], json.dumps(self.identity), nx=True))
            held = json.loads(self.redis.get(self.key["identity"]) or "{}")
        except redis.RedisError as exc:
            raise CrawlFailed(f"--redis {shown(self.url)}: {shown(str(exc), self.url)}") from None
        if held != self.identity:
            raise ConfigError(f"--redis {shown(self.url)}: a crawl of {', '.join(held['start_urls'])} at "
                              f"{', '.join(held['devices'])} into {held['run_dir']} is under way; this worker "
                              "must use the same devices and --out")
        return new

    def forget(self) -> None:
        """Undo a crawl this worker started but may not run (its --out holds another run)."""
        self.redis.delete(self.key["identity"])

    def join(self) -> None:
        """Take part: this worker is alive, and counted until it leaves."""
        self.check()
        self.beat()
        self.redis.sadd(self.key["workers"], self.worker)

    def beat(self) -> None:
        self.redis.set(self.heartbeat_prefix + self.worker, 1, ex=DEAD_AFTER_S)

    def seeds(self) -> bool:
        """Whether this worker reads robots.txt and the sitemaps: the first one only."""
        return bool(self.redis.set(self.key["seeded"], self.worker, nx=True))

    def reclaim(self) -> list[UnsavedPage]:
        """URLs and pages of workers whose heartbeat stopped: the URLs wait again, the pages are now this
        worker's to finish."""
        ids = self.scripts["reclaim"](keys=[self.key["owners"], self.key["leases"], self.key["waiting"]],
                                      args=[self.worker, self.heartbeat_prefix])
        return [page for page in map(self.journal.unsaved, ids) if page is not None]

    def done(self) -> bool:
        """No URL being probed and no page waiting for a render, by any worker, and no URL waiting that
        --max-pages still lets in."""
        with self.redis.pipeline() as pipe:
            pipe.llen(self.key["waiting"])
            pipe.hlen(self.key["leases"])
            pipe.hlen(self.key["owners"])
            pipe.hlen(self.key["ids"])
            waiting, leased, unsaved, admitted = pipe.execute()
        return not leased and not unsaved and (not waiting or admitted >= self.max_pages)

    def leave(self, finished: bool) -> bool:
        """Whether this worker writes the report: the crawl is done, or no other worker is alive. The last
        one of a finished crawl clears its keys, so the next command starts a new crawl."""
        alive = self.scripts["leave"](keys=[self.key["workers"]], args=[self.worker, self.heartbeat_prefix])
        done = finished and self.done()
        if done and not alive:
            self.clear()
        return done or not alive

    def finished_long_ago(self) -> bool:
        """A crawl that admitted pages and has nothing left to do, whose workers are all gone: its last worker
        was killed before it could clear the keys (the report was written by one that left when it was done)."""
        workers = self.redis.smembers(self.key["workers"])
        alive = any(self.redis.exists(self.heartbeat_prefix + str(worker)) for worker in workers)
        return not alive and bool(self.redis.hlen(self.key["ids"])) and self.done()

    def clear(self) -> None:
        if keys := list(self.redis.scan_iter(match=self.prefix + "*", count=500)):
            self.redis.delete(*keys)


class SharedFrontier:
    """crawler.frontier.Frontier's interface over Redis: the URLs waiting and seen are every worker's."""

    def __init__(self, crawl: SharedCrawl):
        self.crawl = crawl

    def add(self, found: Found, pages_admitted: int) -> bool:
        crawl = self.crawl
        found_json = json.dumps({"url": found.url, "depth": found.depth, "start": found.start})
        return bool(crawl.scripts["add"](keys=[crawl.key["seen"], crawl.key["waiting"], crawl.key["leases"],
                                               crawl.key["ids"]],
                                         args=[found.url, found_json, crawl.max_pages, MARGIN]))

    def release(self, pages_admitted: int) -> list[Found]:
        crawl = self.crawl
        taken = crawl.scripts["take"](keys=[crawl.key["waiting"], crawl.key["leases"], crawl.key["ids"]],
                                      args=[crawl.worker, crawl.max_pages, crawl.max_in_flight - crawl.in_flight])
        crawl.in_flight += len(taken)
        return [Found(**json.loads(found)) for found in taken]

    def answered(self, url: str) -> None:
        self.crawl.in_flight -= 1
        self.crawl.redis.hdel(self.crawl.key["leases"], url)

    def mark_seen(self, url: str) -> None:
        self.crawl.redis.sadd(self.crawl.key["seen"], url)

    def full(self, pages_admitted: int) -> bool:
        crawl = self.crawl
        with crawl.redis.pipeline() as pipe:
            pipe.llen(crawl.key["waiting"])
            pipe.hlen(crawl.key["leases"])
            waiting, leased = pipe.execute()
        return waiting + leased >= MARGIN * (crawl.max_pages - pages_admitted)


class SharedPageIds:
    """crawler.frontier.PageIds's interface over Redis: ids are unique across workers."""

    def __init__(self, crawl: SharedCrawl):
        self.crawl = crawl

    def __contains__(self, key: str) -> bool:
        return bool(self.crawl.redis.hexists(self.crawl.key["ids"], key))

    def __len__(self) -> int:
        return int(self.crawl.redis.hlen(self.crawl.key["ids"]))

    def admit(self, key: str) -> int | None:
        crawl = self.crawl
        page_id = int(crawl.scripts["admit"](keys=[crawl.key["ids"], crawl.key["next_id"]], args=[key, crawl.max_pages]))
        return page_id if page_id > 0 else None


class SharedJournal:
    """crawler.journal.Journal's interface over Redis: a page in progress is owned by the worker that
    admitted it, with the renders it has so far."""

    def __init__(self, crawl: SharedCrawl):
        self.crawl = crawl

    def renders_key(self, page_id: int | str) -> str:
        return f"{self.crawl.prefix}renders:{page_id}"

    def url_found(self, found: Found) -> None:
        """Kept by the frontier's add."""

    def url_probed(self, url: str) -> None:
        """Released by the frontier's answered."""

    def page_admitted(self, key: str, item: PageItem, render_url: str | None, server_html: ServerHtml | None) -> None:
        crawl = self.crawl
        with crawl.redis.pipeline() as pipe:
            pipe.hset(crawl.key["pages"], str(item["id"]),
                      json.dumps({"item": item, "render_url": render_url, "server_html": server_html}))
            pipe.hset(crawl.key["owners"], str(item["id"]), crawl.worker)
            pipe.execute()

    def render_done(self, page_id: int, device: str, artifacts: RenderArtifacts) -> None:
        self.crawl.redis.hset(self.renders_key(page_id), device, json.dumps(artifacts))

    def page_saved(self, page_id: int) -> None:
        crawl = self.crawl
        with crawl.redis.pipeline() as pipe:  # MULTI: the page is saved, or still waits with its renders
            pipe.hdel(crawl.key["owners"], str(page_id))
            pipe.hdel(crawl.key["pages"], str(page_id))
            pipe.delete(self.renders_key(page_id))
            pipe.execute()

    def unsaved(self, page_id: int | str) -> UnsavedPage | None:
        record = self.crawl.redis.hget(self.crawl.key["pages"], str(page_id))
        if record is None:
            return None
        page = json.loads(record)
        renders = {str(device): cast(RenderArtifacts, json.loads(artifacts))
                   for device, artifacts in self.crawl.redis.hgetall(self.renders_key(page_id)).items()}
        return UnsavedPage(cast(PageItem, page["item"]), page["render_url"], page["server_html"], renders)

    def unsaved_pages(self) -> list[UnsavedPage]:
        """The pages of workers that died before this one started (their heartbeats are gone)."""
        return self.crawl.reclaim()

    def begins_run(self) -> bool:
        """Whether this worker writes run.json: the first one."""
        return bool(self.crawl.redis.set(self.crawl.key["begun"], self.crawl.worker, nx=True))

    def finish(self, reason: str) -> bool:
        self.crawl.in_flight = 0
        return self.crawl.leave(reason == "finished")

    def close(self) -> None:
        self.crawl.redis.close()
