"""Words for evidence that does not come from a named tag, in both languages."""

from __future__ import annotations

from audit.models import Text

PRECISION = Text("precision", "精度")
STORED_TO = Text("stored to", "存储精度")
GPS_ERROR = Text("GPS error tag", "GPS 误差标签")
NEAR = Text("near", "附近")
ALTITUDE = Text("altitude", "海拔")
PHOTO_SIZE = Text("photo", "照片尺寸")
PREVIEW = Text("hidden preview", "隐藏预览图")
FILE_NAME = Text("file name", "文件名")
TIME_ZONE_FROM_GPS = Text("time zone (from the GPS clock)", "时区（由 GPS 时间推算）")
PHOTOS = Text("photo", "照片")
MORE = Text("…", "…")
CENTRE = Text("centre", "中心位置")
DAYS = Text("days seen", "出现天数")
NIGHT_PHOTOS = Text("photos taken at night", "夜间拍摄的照片")
