import { describe, expect, it } from 'vitest'
import { defaultStars, toScores } from './survey'

describe('survey', () => {
  it('maps five stars to the 0-10 score of every area', () => {
    expect(toScores(defaultStars())).toEqual({ facilities: 10, personnel: 10, execution: 10, cost: 10, follow_up: 10 })
    expect(toScores({ facilities: 4.5, personnel: 3, execution: 0, cost: 2.5, follow_up: 1 }))
      .toEqual({ facilities: 9, personnel: 6, execution: 0, cost: 5, follow_up: 2 })
  })
})
