fetch("https://region1.google-analytics.com/g/collect?v=2&tid=G-WORKER001&en=page_view", {method: "POST", keepalive: true});
