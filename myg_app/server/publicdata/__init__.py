"""Adapters for the national public-data APIs (공공데이터포털 apis.data.go.kr: 기상청 날씨, and
later TAGO 버스 and 병원 정보) behind one client base (client.py), so that retries, the result
envelope, error codes, caching and the stale fallback are written and tested once.

Groundwork only: nothing in the app imports this package yet.
"""
