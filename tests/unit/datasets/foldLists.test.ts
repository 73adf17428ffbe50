import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { databaseOfList, FoldIndex, parseFoldList } from '../../../src/main/datasets/foldLists'
import { dataPath, describeWithData } from '../../support/sharedData'

const LISTS = dataPath('fold-lists')

describe('parseFoldList', () => {
  it('reads "name nframes fps" lines and warns about bad ones with file and line', () => {
    const { list, issues } = parseFoldList('clip1 606 24.999750\n\nclip2 abc 25\nclip3 10\r\nclip4 300 29.97\n', '/x/AVAD_list_test_1_fps.txt')
    expect(list.database).toBe('AVAD')
    expect(list.entries.map((e) => [e.name, e.frameCount, e.fps])).toEqual([
      ['clip1', 606, 24.99975],
      ['clip4', 300, 29.97]
    ])
    expect(issues.map((i) => i.message)).toEqual([
      'AVAD_list_test_1_fps.txt line 3: expected "name nframes fps", found "clip2 abc 25"',
      'AVAD_list_test_1_fps.txt line 4: expected "name nframes fps", found "clip3 10"'
    ])
  })

  it('takes the database from the part before _list_', () => {
    expect(databaseOfList('Coutrot_db1_list_train_2_fps.txt')).toBe('Coutrot_db1')
    expect(databaseOfList('ETMD_av_list_test_1_fps.txt')).toBe('ETMD_av')
    expect(databaseOfList('list.txt')).toBeNull()
  })

  it('looks names up within a database first', () => {
    const a = parseFoldList('clip1 100 25\n', '/l/Coutrot_db1_list_test_1_fps.txt').list
    const b = parseFoldList('clip1 200 30\n', '/l/Coutrot_db2_list_test_1_fps.txt').list
    const index = new FoldIndex([a, b])
    expect(index.lookup('clip1', 'Coutrot_db2')?.frameCount).toBe(200)
    expect(index.lookup('clip1', 'coutrot_db1')?.frameCount).toBe(100)
    expect(index.lookup('clip9')).toBeNull()
    expect([...index.databases().keys()]).toEqual(['coutrot_db1', 'coutrot_db2'])
  })
})

describeWithData('fold-lists', 'the real fold lists', () => {
  it('parse without a bad line', () => {
    const files = readdirSync(LISTS).filter((f) => f.endsWith('.txt'))
    expect(files.length).toBeGreaterThan(40)
    for (const file of files) {
      const { list, issues } = parseFoldList(readFileSync(join(LISTS, file), 'utf8'), join(LISTS, file))
      expect(issues, file).toEqual([])
      expect(list.entries.length, file).toBeGreaterThan(0)
    }
  })

  it('give DIEM fps and frame counts', () => {
    const path = join(LISTS, 'DIEM_list_test_fps.txt')
    const { list } = parseFoldList(readFileSync(path, 'utf8'), path)
    expect(list.database).toBe('DIEM')
    expect(list.entries[0]).toMatchObject({ name: 'BBC_life_in_cold_blood_1278x710', frameCount: 3399, fps: 29.9997 })
    expect(list.entries).toHaveLength(17)
  })
})
