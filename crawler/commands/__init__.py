"""This project's Scrapy commands (`COMMANDS_MODULE`): `scrapy export` and `scrapy
crawlstatus`, which read a shared crawl (`-s REDIS_URL=...`) without joining it."""
