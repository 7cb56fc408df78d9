npx node bench/tool-search.ts && python3 -c "
import json; r=json.load(open('bench/results/tool-search.json'))
for m in r['misses']:
  if m['set']=='tuning': print(m['query'], m['expected'], m['top3'])
print('held-out misses:', sum(1 for m in r['misses'] if m['set']!='tuning'))"
