"""The multipart /batch endpoint with googleapiclient's BatchHttpRequest."""

from __future__ import annotations

import json
from typing import Any

from googleapiclient.http import BatchHttpRequest

from ytemu.seed import playlist_id
from ytemu.testing import RunningEmulator

OWN = playlist_id("mine-favourites")


def test_batch_inserts_are_charged_individually(ytemu: RunningEmulator, yt: Any) -> None:
    with ytemu.world.lock:
        vids = [
            v.id
            for v in ytemu.world.videos.values()
            if v.privacy == "public" and not v.deleted and not v.unavailable
        ][:4]
    before = ytemu.admin.playlist_video_ids(OWN)
    results: dict[str, Any] = {}

    def callback(request_id: str, response: Any, exception: Any) -> None:
        results[request_id] = exception if exception is not None else response

    ytemu.admin.add_fault("youtube.playlistItems.insert", status=500, nth=2)
    batch = BatchHttpRequest(callback=callback, batch_uri=ytemu.base_url + "/batch")
    for n, vid in enumerate(vids):
        batch.add(
            yt.playlistItems().insert(
                part="snippet",
                body={
                    "snippet": {
                        "playlistId": OWN,
                        "resourceId": {"kind": "youtube#video", "videoId": vid},
                    }
                },
            ),
            request_id=str(n),
        )
    batch.add(yt.playlistItems().list(part="id", playlistId="PLnope"), request_id="missing")
    batch.execute()
    assert results["0"]["snippet"]["resourceId"]["videoId"] == vids[0]
    assert results["1"].resp.status == 500
    assert json.loads(results["missing"].content)["error"]["errors"][0]["reason"] == (
        "playlistNotFound"
    )
    assert ytemu.admin.playlist_video_ids(OWN) == [*before, vids[0], vids[2], vids[3]]
    # the failed insert costs its full 50, the missing list its 1
    assert ytemu.admin.quota_used("ytrix-demo-main") == 4 * 50 + 1
    methods = [r["method"] for r in ytemu.admin.requests() if r["method"] != "oauth2.token"]
    assert methods == ["youtube.playlistItems.insert"] * 4 + ["youtube.playlistItems.list"]
