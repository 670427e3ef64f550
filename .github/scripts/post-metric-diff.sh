#!/usr/bin/env bash
# Post the comment in file $2 (rendered by `social-health comment` from a pull request run's metric-diff.json) as ONE
# comment on the pull request named in file $1 (the run's pr-number), edited on each new push. That number was written
# by the PR's run, so it is untrusted: it must be a number AND that PR's head must be the commit the run reviewed
# ($HEAD_SHA, set by GitHub), so a fork cannot post on another pull request. The comment must fit GitHub's limit.
# Needs gh with GH_TOKEN (pull-requests: write) and GH_REPO.
set -euo pipefail
pr_file=$1
body=$2
marker='<!-- social-health metric diff -->'
pr=$(head -c 12 "$pr_file" | tr -d '[:space:]')
case "$pr" in '' | *[!0-9]*) echo "::error::pr-number is not a number"; exit 1 ;; esac
head=$(gh pr view "$pr" --json headRefOid --jq .headRefOid)
if [ "$head" != "$HEAD_SHA" ]; then
  echo "::error::pull request #$pr is at $head, not at the reviewed commit $HEAD_SHA; not posting"
  exit 1
fi
{ echo "$marker"; cat "$body"; } > comment-with-marker.md
if [ "$(wc -c < comment-with-marker.md)" -gt 65000 ]; then
  echo "::error::the rendered comment is over 65,000 bytes; not posting"
  exit 1
fi
comment=$(gh api "repos/$GH_REPO/issues/$pr/comments" --paginate \
  --jq ".[] | select(.user.login == \"github-actions[bot]\" and (.body | startswith(\"$marker\"))) | .id" | tail -n 1)
if [ -n "$comment" ]; then
  gh api -X PATCH "repos/$GH_REPO/issues/comments/$comment" -F body=@comment-with-marker.md > /dev/null
  echo "Updated the metric diff comment on #$pr"
else
  gh pr comment "$pr" --body-file comment-with-marker.md
fi
