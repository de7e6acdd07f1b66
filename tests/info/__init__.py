"""Tests of plist2info / plists2info."""
