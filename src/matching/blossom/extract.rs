//! The end of a shot: every top region is matched (to another or to the boundary) or alone in
//! a piece of the graph it cannot leave; blossoms open up, recursively, into pairs of
//! detection events.
//!
//! In a matched blossom, the member holding the event of the match link is matched outside;
//! the other members, an even number around the odd cycle, pair up along the cycle's links.
//! An unmatched region (an odd number of events where no boundary is reachable) leaves one
//! event unmatched the same way.

use super::flooder::Flood;
use super::region::{BOUNDARY, NONE};

impl Flood {
    /// Fills `pairs` and `unmatched` from the final matching of regions.
    pub fn extract(&mut self) {
        for region in 0..self.num_regions {
            let r = &self.regions[region as usize];
            if r.dead || r.blossom_parent != NONE {
                continue;
            }
            let link = r.match_link;
            match r.partner {
                BOUNDARY => {
                    self.pairs.push(link);
                    self.expand(region, link.from);
                }
                NONE => self.expand(region, NONE),
                partner if region < partner => {
                    self.pairs.push(link);
                    self.expand(region, link.from);
                    self.expand(partner, link.to);
                }
                _ => {}
            }
        }
    }

    /// Opens `region`, whose event `event` is matched outside it (`NONE`: none is), into
    /// pairs.
    fn expand(&mut self, region: u32, event: u32) {
        let mut stack = std::mem::take(&mut self.path_b);
        stack.clear();
        stack.push(region);
        stack.push(event);
        while let (Some(event), Some(region)) = (stack.pop(), stack.pop()) {
            let r = &self.regions[region as usize];
            if r.source != NONE {
                if event == NONE {
                    self.unmatched.push(r.source);
                }
                continue;
            }
            let start = if event == NONE {
                0
            } else {
                self.member_index(region, event)
            };
            let cycle = &self.regions[region as usize].cycle;
            let k = cycle.len();
            stack.push(cycle[start].0);
            stack.push(event);
            let mut j = 1;
            while j < k {
                let (x, link) = cycle[(start + j) % k];
                let y = cycle[(start + j + 1) % k].0;
                self.pairs.push(link);
                stack.extend_from_slice(&[x, link.from, y, link.to]);
                j += 2;
            }
        }
        self.path_b = stack;
    }
}
