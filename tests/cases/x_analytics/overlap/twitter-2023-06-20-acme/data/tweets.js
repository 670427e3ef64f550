window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1656211228369952781"
          ],
          "editableUntil" : "2023-05-10T09:15:02.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "40"
      ],
      "favorite_count" : "40",
      "id_str" : "1656211228369952781",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1656211228369952781",
      "created_at" : "Wed May 10 08:15:02 +0000 2023",
      "favorited" : false,
      "full_text" : "Spring sale starts now 🌸 https://t.co/x1",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1664195075900526608"
          ],
          "editableUntil" : "2023-06-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "49"
      ],
      "favorite_count" : "12",
      "id_str" : "1664195075900526608",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1664195075900526608",
      "created_at" : "Thu Jun 01 09:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Thanks for a great spring &amp; see you in summer",
      "lang" : "en"
    }
  }
]