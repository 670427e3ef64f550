window.YTD.tweet.part0 = [ {
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
      "24"
    ],
    "favorite_count" : "5",
    "id_str" : "1100000000000000001",
    "retweet_count" : "2",
    "id" : "1100000000000000001",
    "created_at" : "Thu Dec 19 16:30:00 +0000 2019",
    "favorited" : false,
    "full_text" : "Season&#39;s greetings from Acme",
    "lang" : "en"
  },
  {
    "retweeted" : false,
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [ ],
      "symbols" : [ ],
      "user_mentions" : [
        {
          "name" : "customer_c",
          "screen_name" : "customer_c",
          "indices" : [
            "0",
            "11"
          ],
          "id_str" : "900000001",
          "id" : "900000001"
        }
      ],
      "urls" : [ ]
    },
    "display_text_range" : [
      "0",
      "30"
    ],
    "favorite_count" : "0",
    "in_reply_to_status_id_str" : "1099999999999999999",
    "id_str" : "1100000000000000002",
    "in_reply_to_user_id" : "900000001",
    "retweet_count" : "0",
    "id" : "1100000000000000002",
    "in_reply_to_status_id" : "1099999999999999999",
    "created_at" : "Fri Dec 20 08:05:09 +0000 2019",
    "favorited" : false,
    "full_text" : "@customer_c on its way!",
    "lang" : "en",
    "in_reply_to_screen_name" : "customer_c",
    "in_reply_to_user_id_str" : "900000001"
  } ]