import storm


class SentimentBolt(storm.BasicBolt):
    def process(self, tup):
        text = tup.values[0]
        storm.emit([text, len(text) % 3 - 1])


SentimentBolt().run()
