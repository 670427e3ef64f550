window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "social@acme.example",
      "createdVia" : "web",
      "username" : "acme",
      "accountId" : "1400000000000000001",
      "createdAt" : "2015-03-02T10:11:12.000Z",
      "accountDisplayName" : "Acme"
    }
  }
]
