window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000001"
          ],
          "editableUntil" : "2024-05-13T09:15:02.000Z",
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
        "105"
      ],
      "favorite_count" : "17",
      "id_str" : "1790000000000000001",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1790000000000000001",
      "created_at" : "Mon May 13 08:15:02 +0000 2024",
      "favorited" : false,
      "full_text" : "New spring range is live &amp; ready: 3 &lt; 4 &gt; 2, &quot;fresh&quot; &#39;daily&#39; https://t.co/abc",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000002"
          ],
          "editableUntil" : "2024-05-13T09:15:02.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "customer_a",
            "screen_name" : "customer_a",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000000000000001",
            "id" : "1500000000000000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "54"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1789999999999999999",
      "id_str" : "1790000000000000002",
      "in_reply_to_user_id" : "1500000000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000002",
      "in_reply_to_status_id" : "1789999999999999999",
      "created_at" : "Mon May 13 09:01:44 +0000 2024",
      "favorited" : false,
      "full_text" : "@customer_a sorry about that &amp; thanks for flagging",
      "lang" : "en",
      "in_reply_to_screen_name" : "customer_a",
      "in_reply_to_user_id_str" : "1500000000000000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000003"
          ],
          "editableUntil" : "2024-05-13T09:15:02.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "influencer_x",
            "screen_name" : "influencer_x",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "1500000000000000002",
            "id" : "1500000000000000002"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "45"
      ],
      "favorite_count" : "0",
      "id_str" : "1790000000000000003",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000003",
      "created_at" : "Tue May 14 11:20:00 +0000 2024",
      "favorited" : false,
      "full_text" : "RT @influencer_x: Loving the new @acme range…",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000004"
          ],
          "editableUntil" : "2024-05-13T09:15:02.000Z",
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
        "41"
      ],
      "favorite_count" : "2",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000004",
      "created_at" : "Tue May 14 12:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "a tweet whose id went missing @customer_b",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000005"
          ],
          "editableUntil" : "2024-05-13T09:15:02.000Z",
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
        "39"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1789999999999999998",
      "id_str" : "1790000000000000005",
      "in_reply_to_user_id" : "1500000000000000003",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000005",
      "in_reply_to_status_id" : "1789999999999999998",
      "created_at" : "2024-05-14 13:00:00",
      "favorited" : false,
      "full_text" : "@customer_b a tweet with a mangled date",
      "lang" : "en",
      "in_reply_to_screen_name" : "customer_b",
      "in_reply_to_user_id_str" : "1500000000000000003"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000006",
            "1790000000000000007"
          ],
          "editableUntil" : "2024-05-13T09:15:02.000Z",
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
        "20"
      ],
      "favorite_count" : "4",
      "id_str" : "1790000000000000006",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1790000000000000006",
      "created_at" : "Wed May 15 07:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Opening hours: 9-18h",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000006",
            "1790000000000000007"
          ],
          "editableUntil" : "2024-05-13T09:15:02.000Z",
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
        "20"
      ],
      "favorite_count" : "9",
      "id_str" : "1790000000000000007",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1790000000000000007",
      "created_at" : "Wed May 15 07:04:10 +0000 2024",
      "favorited" : false,
      "full_text" : "Opening hours: 9-19h",
      "lang" : "en"
    }
  }
]