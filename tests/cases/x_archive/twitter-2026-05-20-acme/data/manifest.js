window.__THAR_CONFIG = {
  "userInfo" : {
    "accountId" : "1400000000000000001",
    "userName" : "acme",
    "displayName" : "Acme"
  },
  "archiveInfo" : {
    "sizeBytes" : "48213",
    "generationDate" : "2026-05-20T09:21:47.114Z",
    "isPartialArchive" : false,
    "maxPartSizeBytes" : "53687091200"
  },
  "readmeInfo" : {
    "fileName" : "data/README.txt",
    "directory" : "data/",
    "name" : "README.txt"
  },
  "dataTypes" : {
    "account" : {
      "files" : [
        {
          "fileName" : "data/account.js",
          "globalName" : "YTD.account.part0",
          "count" : "1"
        }
      ]
    },
    "tweets" : {
      "files" : [
        {
          "fileName" : "data/tweets.js",
          "globalName" : "YTD.tweets.part0",
          "count" : "7"
        }
      ]
    }
  }
}