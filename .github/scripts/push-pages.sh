#!/usr/bin/env bash
# Push the pages branch from git bundle $1 (written by `social-health publish --bundle` in the nightly report job) to
# the repository: ONE push of refs/heads/$BRANCH, nothing else. Git alone runs here: no project code, query or mkdocs.
# The bundle comes from a job that ran the repository's queries and pages, so it is data: only its $BRANCH ref is
# taken, into a repository of its own, and the push is never forced (GitHub refuses anything but a fast-forward).
# The token reaches git through the environment only (GIT_CONFIG_*, as actions/checkout's extraheader), never a file,
# in a fresh bare repository under $RUNNER_TEMP that is removed afterwards.
# Needs TOKEN (contents: write), SERVER_URL (https://github.com), REPOSITORY (owner/name) and BRANCH.
set -euo pipefail
bundle=$(realpath "$1")
url="$SERVER_URL/$REPOSITORY"
basic=$(printf 'x-access-token:%s' "$TOKEN" | base64 -w 0)
echo "::add-mask::$basic"
export GIT_CONFIG_COUNT=3 GIT_TERMINAL_PROMPT=0
export GIT_CONFIG_KEY_0="http.$SERVER_URL/.extraheader" GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $basic"
export GIT_CONFIG_KEY_1=core.hooksPath GIT_CONFIG_VALUE_1=/dev/null # no hook runs with the token around
export GIT_CONFIG_KEY_2=transfer.fsckObjects GIT_CONFIG_VALUE_2=true # check the objects git receives
unset TOKEN basic
work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/pages.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_DIR="$work"
git init -q --bare
# The bundle's commits sit on the remote branch's tip: fetch that first (none before the first publish).
listed=0
git ls-remote --exit-code --heads "$url" "refs/heads/$BRANCH" > /dev/null || listed=$?
case $listed in
  0) git fetch -q --depth=1 "$url" "+refs/heads/$BRANCH:refs/remotes/origin/$BRANCH" ;;
  2) echo "First publish: $BRANCH does not exist on $REPOSITORY yet" ;;
  *) echo "::error::cannot read $REPOSITORY (git ls-remote exited $listed)"; exit 1 ;;
esac
git bundle verify -q "$bundle" > /dev/null
git fetch -q "$bundle" "refs/heads/$BRANCH:refs/heads/$BRANCH"
git push -q "$url" "refs/heads/$BRANCH:refs/heads/$BRANCH"
done="Pushed $BRANCH ($(git rev-parse --short "refs/heads/$BRANCH")) to $REPOSITORY"
echo "$done"
# Not through a pipe to `tee`: this script's output holds the ::add-mask:: line, which must not reach the summary.
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then echo "$done" >> "$GITHUB_STEP_SUMMARY"; fi
