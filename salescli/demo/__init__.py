"""The demo book and its sample data, built through the ordinary services so that it obeys
every rule. A module imports only those listed below it:

book         build_demo, step by step, and what the tour shows (DemoBook)
activities   each deal's and account's activities, and today's qualifying calls
week         each rep's planned activities in the week around today
diary        activities written as steps: logged, booked, done, moved, cancelled
deals        the book's deals: closed, live, two stories worth telling, and reorders
stories      one deal's life written as steps
customers    accounts, their contacts and facts, and the installed base
leads        leads in every status
team         the reps, and the one the tour follows
timeline     the plan's dated steps and the clock they run on
sample_data  names and texts in English and Chinese; the benchmarks use them too
"""
